package io.initwatch.dashboard.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.initwatch.events.ErrorBody;
import io.initwatch.dashboard.trainer.TrainerClient;
import io.initwatch.dashboard.trainer.TrainerClient.TrainerAnswer;
import io.initwatch.dashboard.trainer.TrainerClient.TrainerUnavailableException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The page's form talks to the trainer through here, so the browser needs neither the trainer's address nor its
 * token. The trainer's status and error come back as they are (202, 400 with its message, 401, 429). Who may
 * start runs is decided before a request gets here: {@link StateChangingRequestFilter} and {@link StartAccess}.
 */
@Path("/api/trainer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TrainerProxyResource {
    private final TrainerClient trainer;
    private final ObjectMapper json;
    private final StartAccess access;

    TrainerProxyResource(TrainerClient trainer, ObjectMapper json, StartAccess access) {
        this.trainer = trainer;
        this.json = json;
        this.access = access;
    }

    @GET
    @Path("/access")
    @Operation(summary = "Whether starting runs is switched on and needs the dashboard's token (the page asks for it)")
    public StartAccess.Status access() {
        return access.status();
    }

    @POST
    @Path("/runs")
    @Operation(summary = "Start a run on the trainer (body as the trainer's POST /api/runs)")
    public Response startRun(String body) {
        return forward("/api/runs", body);
    }

    @POST
    @Path("/experiments")
    @Operation(summary = "Start an experiment on the trainer (body as the trainer's POST /api/experiments)")
    public Response startExperiment(String body) {
        return forward("/api/experiments", body);
    }

    @POST
    @Path("/runs/{runId}/repair")
    @Operation(summary = "Start the repair of an ended run on the trainer: the same model, data and seed with the "
            + "prescription of its alert (the trainer's POST /api/runs/{runId}/repair)")
    public Response repair(@PathParam("runId") String runId) {
        // the id goes into the trainer's URL: only the characters run ids are made of, and not too many
        if (!RUN_ID.matcher(runId).matches()) {
            return error(400, "runId must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        return forward("/api/runs/" + runId + "/repair", "{}");
    }

    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Response forward(String path, String body) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            return error(400, "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            return error(400, "the request body must be a JSON object");
        }
        TrainerAnswer answer;
        try {
            answer = trainer.post(path, body);
        } catch (TrainerUnavailableException e) {
            return error(e.timedOut() ? 504 : 502, e.getMessage());
        }
        boolean isJson = answer.contentType().startsWith(MediaType.APPLICATION_JSON) && !answer.body().isBlank();
        if (isJson || answer.status() < 400) {
            return Response.status(answer.status())
                    .type(isJson || answer.contentType().isBlank() ? MediaType.APPLICATION_JSON : answer.contentType())
                    .entity(answer.body().isBlank() ? "{}" : answer.body()).build();
        }
        // Quarkus answers 401 with an empty body: give the page a sentence to show instead.
        Response.Status known = Response.Status.fromStatusCode(answer.status());
        return error(answer.status(), "the trainer answered " + answer.status()
                + (known == null ? "" : " " + known.getReasonPhrase())
                + (answer.body().isBlank() ? "" : ": " + answer.body()));
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }
}
