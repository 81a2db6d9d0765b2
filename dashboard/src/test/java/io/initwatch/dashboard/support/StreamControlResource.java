package io.initwatch.dashboard.support;

import io.initwatch.dashboard.stream.LiveFeed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Test-only: cuts every browser's stream, as a proxy or a flaky network would, to prove the page recovers. */
@Path("/test-support/streams")
public class StreamControlResource {
    private final LiveFeed feed;

    StreamControlResource(LiveFeed feed) {
        this.feed = feed;
    }

    @POST
    @Path("/drop")
    public int drop() {
        int connected = feed.connectedBrowsers();
        feed.disconnectAll();
        return connected;
    }
}
