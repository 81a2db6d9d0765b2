package io.initwatch.dashboard.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.initwatch.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may start runs through the dashboard. The dashboard forwards starts with the trainer's token, so without a
 * check of its own anyone who reaches port 8080 would spend the trainer's CPU with it. Hence:
 * <ul>
 * <li>dashboard token set: every start needs {@code Authorization: Bearer <dashboard token>};</li>
 * <li>no dashboard token, but a trainer token: starts are refused (the safe default), with the variable to set;</li>
 * <li>neither: the trainer is open anyway, so the dashboard adds no check of its own.</li>
 * </ul>
 */
@ApplicationScoped
public class StartAccess {
    static final String TOKEN_VARIABLE = "INITWATCH_DASHBOARD_API_TOKEN";
    private static final String PREFIX = "Bearer ";

    private final Optional<byte[]> token;
    private final boolean holdsTrainerToken;

    StartAccess(DashboardConfig config) {
        this.token = config.apiToken().map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.holdsTrainerToken = config.trainerToken().filter(t -> !t.isBlank()).isPresent();
    }

    /** What the page needs to know before it shows the form. */
    public record Status(boolean startsAllowed, boolean tokenRequired, String reason) {
    }

    public Status status() {
        return new Status(disabledReason().isEmpty(), token.isPresent(), disabledReason().orElse(null));
    }

    /** Why starts are switched off, or empty when they are not. */
    public Optional<String> disabledReason() {
        if (token.isEmpty() && holdsTrainerToken) {
            return Optional.of("starting runs from the dashboard is switched off: the dashboard holds the trainer's "
                    + "token but has no token of its own to check who is asking; set " + TOKEN_VARIABLE
                    + " (initwatch.dashboard.api-token) and give it to the people who may start runs");
        }
        return Optional.empty();
    }

    /** Why this {@code Authorization} header does not let its sender start runs, or empty when it does. */
    public Optional<String> refusal(String authorization) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of("starting runs needs the dashboard's token as Authorization: Bearer <token> ("
                    + TOKEN_VARIABLE + "; ./demo.sh prints it)");
        }
        byte[] given = authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time, so the answer's timing does not tell how much of a guess was right.
        if (!MessageDigest.isEqual(given, token.get())) {
            return Optional.of("wrong dashboard token");
        }
        return Optional.empty();
    }
}
