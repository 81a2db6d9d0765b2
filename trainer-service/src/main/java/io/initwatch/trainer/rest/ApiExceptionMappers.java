package io.initwatch.trainer.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.initwatch.events.ErrorBody;
import io.initwatch.trainer.run.InvalidRunRequestException;
import io.initwatch.trainer.run.QueueFullException;
import io.initwatch.trainer.run.RepairNotPossibleException;
import io.initwatch.trainer.run.RunAlreadyEndedException;
import io.initwatch.trainer.run.RunNotFoundException;

/** Every error the API answers, as {@code {"error": "..."}} with the status that says whose fault it is. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRunRequestException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return error(Response.Status.BAD_REQUEST, "unknown field '" + e.getPropertyName() + "'; known fields: "
                + e.getKnownPropertyIds());
    }

    /** Quarkus wraps JSON syntax errors in a 400 with an empty body; this gives it the message. */
    @ServerExceptionMapper
    public Response malformed(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException cause) {
            return unreadable(cause);
        }
        return e.getResponse();
    }

    // Quarkus maps this Jackson exception itself, with its own body; the specific type makes ours win.
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "request body is not a valid config: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response queueFull(QueueFullException e) {
        return error(Response.Status.TOO_MANY_REQUESTS, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(RunNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response ended(RunAlreadyEndedException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notRepairable(RepairNotPossibleException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }
}
