package io.initwatch.monitor.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.initwatch.events.ErrorBody;

/** Client errors as {@link ErrorBody} {@code {"error": "..."}}, like the trainer's and the dashboard's. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.getMessage() == null ? "HTTP " + status : e.getMessage())).build();
    }
}
