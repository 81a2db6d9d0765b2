package io.initwatch.dashboard.rest;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.initwatch.events.ErrorBody;
import io.initwatch.dashboard.config.DashboardConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every request that changes something (today: starting runs and experiments through the trainer proxy) must
 * <ol>
 * <li>come from the dashboard's own page when it comes from a browser: an {@code Origin} header, when present,
 * must be the dashboard's own origin or one of {@code initwatch.dashboard.allowed-origins} (403 otherwise);</li>
 * <li>be JSON, {@code Content-Type: application/json} (415 otherwise). A cross-site HTML form or a "simple"
 * {@code fetch} can only send text/plain, urlencoded or multipart bodies, so this alone stops them before
 * they reach the trainer;</li>
 * <li>carry the dashboard's token, see {@link StartAccess} (401, or 403 when starts are switched off).</li>
 * </ol>
 * Requests without {@code Origin} are not from a browser page (browsers send it on every POST), so curl and
 * scripts pass the first check and still need the token.
 *
 * <p>
 * Why a pre-matching {@code @ServerRequestFilter} rather than Quarkus' security extensions: the check is one static
 * token plus two browser-facing header checks. quarkus-security's HTTP permissions cannot express the Origin and
 * Content-Type rules, and a static token would need a custom {@code HttpAuthenticationMechanism} and
 * {@code IdentityProvider} that still answer 401/403 without a body, whereas the page shows the reason to the
 * user. Quarkus' CORS filter only governs what other origins may read, and quarkus-rest-csrf guards HTML forms
 * with a cookie token, not a JSON API. Pre-matching, so it answers before RESTEasy's own empty-bodied 415 and
 * before any body is read; it covers every path, so no spelling of a URL gets around it.
 */
public class StateChangingRequestFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String ALLOWED_ORIGINS_VARIABLE = "INITWATCH_DASHBOARD_ALLOWED_ORIGINS";

    private final StartAccess access;
    private final Set<String> allowedOrigins;

    StateChangingRequestFilter(StartAccess access, DashboardConfig config) {
        this.access = access;
        this.allowedOrigins = config.allowedOrigins().orElse(java.util.List.of()).stream()
                .map(StateChangingRequestFilter::origin).flatMap(Optional::stream).collect(Collectors.toSet());
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> guard(ContainerRequestContext request, HttpServerRequest http) {
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && !isAllowed(origin, http)) {
            return Optional.of(error(Response.Status.FORBIDDEN, "cross-origin request refused: a page from "
                    + origin + " may not change anything on this dashboard; only its own page may (allow another "
                    + "origin with " + ALLOWED_ORIGINS_VARIABLE + ", initwatch.dashboard.allowed-origins)"));
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (!isJson(contentType)) {
            return Optional.of(error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "the request body must be sent as "
                    + "Content-Type: application/json, got " + (contentType == null ? "no Content-Type"
                            : "'" + contentType + "'")));
        }
        Optional<String> disabled = access.disabledReason();
        if (disabled.isPresent()) {
            return Optional.of(error(Response.Status.FORBIDDEN, disabled.get()));
        }
        return access.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .map(reason -> Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"initwatch-dashboard\"")
                        .entity(new ErrorBody(reason)).build());
    }

    private boolean isAllowed(String origin, HttpServerRequest http) {
        Optional<String> normalized = origin(origin);
        if (normalized.isEmpty()) {
            return false; // "null" (sandboxed frames, file: pages, no-referrer forms) or garbage
        }
        if (allowedOrigins.contains(normalized.get())) {
            return true;
        }
        // The dashboard's own origin as this request reached it: scheme + Host header (behind a proxy, set
        // quarkus.http.proxy.proxy-address-forwarding so Vert.x reports the forwarded ones).
        HostAndPort authority = http.authority();
        return authority != null
                && normalized.get().equals(origin(http.scheme(), authority.host(), authority.port()));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(MediaType.APPLICATION_JSON);
    }

    /** {@code scheme://host[:port]} in lower case without the scheme's default port, or empty if not an origin. */
    static Optional<String> origin(String value) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(origin(uri.getScheme(), uri.getHost(), uri.getPort()));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = s.equals("https") ? 443 : s.equals("http") ? 80 : -1;
        return s + "://" + host.toLowerCase(Locale.ROOT) + (port < 0 || port == defaultPort ? "" : ":" + port);
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }
}
