package io.initwatch.monitor.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.initwatch.events.Severity;
import io.initwatch.monitor.alerts.AlertStore;
import io.initwatch.monitor.messaging.TelemetryProcessor;

@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunHealthResource {

    /**
     * @param health  {@code ok} (nothing above INFO), {@code warning} or {@code critical}
     * @param worst   the most severe alert raised for the run, null if none
     */
    public record RunHealth(String runId, String health, Severity worst) {
    }

    @Inject
    AlertStore store;

    @Inject
    TelemetryProcessor processor;

    @GET
    @Path("/{id}/health")
    @Operation(summary = "Health of a run from the alerts raised for it: ok, warning or critical")
    public RunHealth health(@RestPath String id) {
        var worst = store.worst(id);
        if (worst.isEmpty() && !processor.knowsRun(id)) {
            throw new NotFoundException("run " + id + " has not been seen by this monitor instance");
        }
        String health = worst.map(s -> switch (s) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            case INFO -> "ok";
        }).orElse("ok");
        return new RunHealth(id, health, worst.orElse(null));
    }
}
