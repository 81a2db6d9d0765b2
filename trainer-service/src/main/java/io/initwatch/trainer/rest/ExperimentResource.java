package io.initwatch.trainer.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
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
import io.initwatch.trainer.run.ExperimentRequest;
import io.initwatch.trainer.run.ExperimentResponse;
import io.initwatch.trainer.run.RunService;
import io.initwatch.trainer.run.RunView;

@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "experiments", description = "Train the same model under several initializations to compare them")
public class ExperimentResource {

    private final RunService runs;

    public ExperimentResource(RunService runs) {
        this.runs = runs;
    }

    @POST
    @Operation(summary = "Queue one run per (weightInit, seed)", description = "All runs share the base config and "
            + "one experimentId; either all are queued or none (429).")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = ExperimentResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad config", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong Bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Not enough room in the run queue", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response start(ExperimentRequest request) {
        return Response.accepted(runs.submitExperiment(request)).build();
    }

    @GET
    @Path("/{experimentId}")
    @Operation(summary = "The runs of one experiment, in submission order")
    @APIResponse(responseCode = "404", description = "No such experiment", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public List<RunView> get(@PathParam("experimentId") String experimentId) {
        return runs.experiment(experimentId);
    }
}
