package io.initwatch.dashboard.rest;

import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import io.initwatch.events.ErrorBody;
import io.initwatch.dashboard.stream.HistoryStore;
import io.initwatch.events.Alert;
import io.initwatch.events.Severity;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {
    /** The same default as the monitor's GET /api/alerts; the page asks for the number it shows. */
    private static final String DEFAULT_LIMIT = "100";

    private final HistoryStore store;

    AlertsResource(HistoryStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "Alerts, newest first; severity keeps that severity and worse")
    public List<Alert> alerts(@RestQuery String runId, @RestQuery String severity,
            @RestQuery @DefaultValue(DEFAULT_LIMIT) int limit) {
        if (limit < 1) {
            throw badRequest("limit must be at least 1, got " + limit);
        }
        return store.alerts(runId == null || runId.isBlank() ? null : runId, parse(severity), limit);
    }

    private static Severity parse(String severity) {
        if (severity == null || severity.isBlank()) {
            return null;
        }
        return Severity.parse(severity).orElseThrow(() -> badRequest(
                "unknown severity '" + severity + "'; use one of " + Arrays.toString(Severity.values())));
    }

    private static BadRequestException badRequest(String message) {
        return new BadRequestException(Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message)).build());
    }
}
