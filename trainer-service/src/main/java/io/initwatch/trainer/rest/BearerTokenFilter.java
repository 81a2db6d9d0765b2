package io.initwatch.trainer.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.initwatch.trainer.config.TrainerConfig;

/** When {@code initwatch.trainer.api-token} is set, /api/* needs {@code Authorization: Bearer <token>}. */
public class BearerTokenFilter {

    private static final String PREFIX = "Bearer ";
    private final Optional<byte[]> token;

    public BearerTokenFilter(TrainerConfig config) {
        this.token = config.apiToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext request) {
        if (token.isEmpty() || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(PREFIX)) {
            return Optional.of(ApiExceptionMappers.error(Response.Status.UNAUTHORIZED,
                    "this trainer needs Authorization: Bearer <token> (initwatch.trainer.api-token is set)"));
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time comparison, so response timing does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(given, token.get())) {
            return Optional.of(ApiExceptionMappers.error(Response.Status.UNAUTHORIZED, "wrong bearer token"));
        }
        return Optional.empty();
    }
}
