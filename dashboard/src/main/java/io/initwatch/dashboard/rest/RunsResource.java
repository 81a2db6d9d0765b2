package io.initwatch.dashboard.rest;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.initwatch.events.ErrorBody;
import io.initwatch.dashboard.config.DashboardConfig;
import io.initwatch.dashboard.stream.EpochPoint;
import io.initwatch.dashboard.stream.HistoryStore;
import io.initwatch.dashboard.stream.RunDetail;
import io.initwatch.dashboard.stream.RunSummary;
import io.initwatch.events.EpochMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    private final HistoryStore store;
    private final DashboardConfig config;

    RunsResource(HistoryStore store, DashboardConfig config) {
        this.store = store;
        this.config = config;
    }

    @GET
    @Operation(summary = "Runs with status, health and progress, most recently updated first")
    public List<RunSummary> runs(@RestQuery String experimentId) {
        return store.runs(experimentId == null || experimentId.isBlank() ? null : experimentId);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run's history as the page draws it: config, epoch losses and accuracies, the pre-flight"
            + " snapshot, gradient norms per layer and alerts")
    public RunDetail run(@RestPath String id) {
        return store.run(id).orElseThrow(() -> unknownRun(id));
    }

    @GET
    @Path("/{id}/metrics")
    @Operation(summary = "A run's epoch losses and accuracies, all the comparison of an experiment draws of it")
    public List<EpochPoint> points(@RestPath String id) {
        return store.points(id).orElseThrow(() -> unknownRun(id));
    }

    @GET
    @Path("/{id}/metrics.csv")
    @Produces("text/csv")
    @Operation(summary = "A run's epoch metrics as CSV; non-finite losses are written NaN, Infinity, -Infinity")
    public Response metricsCsv(@RestPath String id) {
        List<EpochMetrics> metrics = store.metrics(id).orElseThrow(() -> unknownRun(id));
        StringBuilder csv = new StringBuilder(
                "epoch,iteration,train_loss,validation_loss,train_accuracy,validation_accuracy,epoch_time_ms,timestamp_ms\n");
        for (EpochMetrics m : metrics) {
            csv.append(m.epoch()).append(',').append(m.iteration()).append(',')
                    .append(m.trainLoss()).append(',')
                    .append(cell(m.validationLoss())).append(',')
                    .append(cell(m.trainAccuracy())).append(',')
                    .append(cell(m.validationAccuracy())).append(',')
                    .append(m.epochTimeMs()).append(',').append(m.timestampMs()).append('\n');
        }
        return Response.ok(csv.toString())
                .header("Content-Disposition", "attachment; filename=\"" + fileName(id) + "-metrics.csv\"")
                .build();
    }

    private static String cell(Double value) {
        return value == null ? "" : value.toString();
    }

    /** Run ids come from producers: keep only characters that are safe in a header and a file name. */
    private static String fileName(String runId) {
        return runId.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
    }

    private NotFoundException unknownRun(String id) {
        return new NotFoundException(Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody("no run '" + id + "' in the dashboard's history (it keeps the most recently"
                        + " updated runs, up to " + config.history().maxBytes().asLongValue() / (1024 * 1024)
                        + " MiB)"))
                .build());
    }
}
