package io.initwatch.dashboard.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.initwatch.events.ErrorBody;
import io.initwatch.dashboard.stream.LiveFeed;
import io.initwatch.dashboard.stream.StreamMessage;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

@Path("/api/stream")
public class StreamResource {
    private final LiveFeed feed;

    StreamResource(LiveFeed feed) {
        this.feed = feed;
    }

    /**
     * Server-Sent Events: {@code hello} ({@code {instance, seq}}), then {@code update} events whose id is their
     * sequence. A browser that reconnects (its {@code Last-Event-ID}, or {@code since} + {@code instance})
     * gets only what it missed, or {@code resync} when it must reload. 503 when
     * {@code initwatch.dashboard.stream.max-connections} streams are open.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live updates (SSE); reconnect with Last-Event-ID or ?since=&instance= to miss nothing")
    public Multi<OutboundSseEvent> stream(@RestQuery String since, @RestQuery String instance,
            @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Long from = lastEventId != null && !lastEventId.isBlank() ? sequence("Last-Event-ID", lastEventId)
                : since != null && !since.isBlank() ? sequence("since", since) : null;
        Multi<StreamMessage> messages = feed.trySubscribe(from, instance == null || instance.isBlank() ? null : instance)
                .orElseThrow(() -> new ServiceUnavailableException(Response.status(503).type(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.RETRY_AFTER, "10")
                        .entity(new ErrorBody("too many live streams: " + feed.maxConnections() + " are open already "
                                + "(initwatch.dashboard.stream.max-connections); close other dashboard tabs or retry later"))
                        .build()));
        return messages.map(m -> {
            OutboundSseEvent.Builder event = sse.newEventBuilder().name(m.event())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(m.json());
            if (m.id() != null) {
                event.id(Long.toString(m.id()));
            }
            return event.build();
        });
    }

    private static Long sequence(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorBody(name + " must be a stream sequence number, got '" + value + "'")).build());
        }
    }
}
