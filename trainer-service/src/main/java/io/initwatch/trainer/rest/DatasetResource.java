package io.initwatch.trainer.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.initwatch.events.ErrorBody;
import io.initwatch.trainer.run.DatasetStore;

@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets", description = "Upload your own CSV to train on")
public class DatasetResource {

    private final DatasetStore store;

    public DatasetResource(DatasetStore store) {
        this.store = store;
    }

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM })
    @Operation(summary = "Upload a CSV", description = "The body is the file: numbers, comma-separated, optional header, "
            + "one label column of class indexes 0..k-1. Answers the csvPath to use in a run config "
            + "({\"dataset\":\"csv\",\"csvPath\":...}).")
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = DatasetStore.StoredCsv.class)))
    @APIResponse(responseCode = "400", description = "Not a usable CSV (the message names line and column)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response upload(@QueryParam("name") String name,
            @QueryParam("labelColumn") @DefaultValue("-1") int labelColumn, byte[] body) {
        return Response.status(Response.Status.CREATED).entity(store.storeCsv(name, body, labelColumn)).build();
    }
}
