package io.initwatch.trainer.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.initwatch.events.ErrorBody;
import io.initwatch.trainer.run.RunRequest;
import io.initwatch.trainer.run.RunService;
import io.initwatch.trainer.run.RunView;
import io.initwatch.trainer.run.SubmitResponse;

@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Train one network and stream its telemetry to Kafka")
public class RunResource {

    private final RunService runs;

    public RunResource(RunService runs) {
        this.runs = runs;
    }

    @POST
    @Operation(summary = "Queue a training run", description = "Validates the config, queues the run and answers at "
            + "once. Events appear on the runs, metrics and layers topics, keyed by runId.")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = SubmitResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad config or dataset", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong Bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Run queue full", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response start(RunRequest request) {
        return Response.accepted(runs.submit(request)).build();
    }

    @GET
    @Operation(summary = "All runs, newest first")
    public List<RunView> list() {
        return runs.list();
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "One run: status, last epoch's losses, config")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RunView get(@PathParam("runId") String runId) {
        return runs.get(runId);
    }

    @POST
    @Path("/{runId}/repair")
    @Consumes(MediaType.WILDCARD) // no body: the run and its alerts say everything
    @Operation(summary = "Repair an ended run", description = "Starts a run with the same model, data and seed and "
            + "the initialization per layer (or the learning rate) that the run's alert prescribes: the alert that "
            + "stopped it, else its most severe prescribing alert. The new run's config links back (repairOf), and the "
            + "monitor verifies it at the epoch the original was diagnosed.")
    @APIResponse(responseCode = "202", description = "Repair run queued", content = @Content(schema = @Schema(implementation = SubmitResponse.class)))
    @APIResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Still running, already repaired, or no prescription yet", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response repair(@PathParam("runId") String runId) {
        return Response.accepted(runs.repair(runId)).build();
    }

    @DELETE
    @Path("/{runId}")
    @Operation(summary = "Cancel a run", description = "A queued run is cancelled at once; a running one stops "
            + "before its next update and publishes CANCELLED.")
    @APIResponse(responseCode = "202", description = "Cancelled or cancelling", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The run already ended", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response cancel(@PathParam("runId") String runId) {
        return Response.accepted(runs.cancel(runId)).build();
    }
}
