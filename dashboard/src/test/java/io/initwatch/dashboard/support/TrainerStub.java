package io.initwatch.dashboard.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for the trainer's REST API on a free local port: records what the dashboard forwards and answers
 * like the trainer (202 with ids; 400 with an error for an unknown weight init). The dashboard gets the trainer's
 * token and a token of its own, as in a real deployment.
 */
public class TrainerStub implements QuarkusTestResourceLifecycleManager {
    public static final String TOKEN = "stub-token-123";
    /** What a person types into the page to start runs ({@code initwatch.dashboard.api-token}). */
    public static final String DASHBOARD_TOKEN = "dashboard-token-456";

    /** One request the stub received. */
    public record Received(String path, String authorization, String body) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the trainer stub", e);
        }
        server.createContext("/api/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            RECEIVED.add(new Received(path, exchange.getRequestHeaders().getFirst("Authorization"), body));
            int status;
            String answer;
            if (body.contains("\"bogus-init\"")) {
                status = 400;
                answer = "{\"error\":\"unknown weightInit 'bogus-init'\"}";
            } else if (path.equals("/api/experiments")) {
                status = 202;
                answer = "{\"experimentId\":\"exp-stub\",\"runIds\":[\"r1\",\"r2\"]}";
            } else {
                status = 202;
                answer = "{\"runId\":\"run-stub\",\"experimentId\":null,\"status\":\"QUEUED\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("initwatch.dashboard.trainer-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "initwatch.dashboard.trainer-token", TOKEN,
                "initwatch.dashboard.api-token", DASHBOARD_TOKEN);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
