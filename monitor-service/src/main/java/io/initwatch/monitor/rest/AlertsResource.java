package io.initwatch.monitor.rest;

import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

import io.initwatch.events.Alert;
import io.initwatch.events.Severity;
import io.initwatch.monitor.alerts.AlertStore;
import io.initwatch.monitor.config.MonitorConfig;

@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {
    /** The same default as the dashboard's GET /api/alerts. */
    static final int DEFAULT_LIMIT = 100;

    @Inject
    AlertStore store;

    @Inject
    MonitorConfig config;

    @GET
    @Operation(summary = "Recent alerts raised by this monitor instance, newest first; severity keeps that severity and worse")
    public List<Alert> alerts(
            @Parameter(description = "only this run") @RestQuery String runId,
            @Parameter(description = "INFO, WARNING or CRITICAL: that severity and worse, as on the dashboard") @RestQuery String severity,
            @Parameter(description = "an alert rule, e.g. vanishing-gradients") @RestQuery String rule,
            @Parameter(description = "at most this many (default 100)") @RestQuery Integer limit) {
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 1 || max > config.alertsRetained()) {
            throw new BadRequestException("limit must be between 1 and " + config.alertsRetained() + ", got " + limit);
        }
        return store.find(blankToNull(runId), parseSeverity(severity), blankToNull(rule), max);
    }

    private static Severity parseSeverity(String severity) {
        if (severity == null || severity.isBlank()) {
            return null;
        }
        return Severity.parse(severity).orElseThrow(() -> new BadRequestException(
                "severity must be one of " + Arrays.toString(Severity.values()) + ", got '" + severity + "'"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
