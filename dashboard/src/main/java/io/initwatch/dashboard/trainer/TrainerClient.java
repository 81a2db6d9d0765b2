package io.initwatch.dashboard.trainer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

import io.initwatch.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forwards the form's JSON to the trainer unchanged and hands back the trainer's answer unchanged, so the
 * trainer stays the one judge of what a valid run is. The JDK client is enough for two POSTs and shows the
 * trainer's own status and body without a client-side exception mapping in between.
 */
@ApplicationScoped
public class TrainerClient {
    private final DashboardConfig config;
    private final HttpClient http;

    TrainerClient(DashboardConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.trainerTimeout()).build();
    }

    /** What the trainer answered. */
    public record TrainerAnswer(int status, String contentType, String body) {
    }

    /** The trainer could not be asked (down, wrong URL, too slow). */
    public static class TrainerUnavailableException extends Exception {
        private final boolean timedOut;

        TrainerUnavailableException(String message, boolean timedOut, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    /** POSTs {@code json} to {@code path} on the trainer (e.g. {@code /api/runs}). */
    public TrainerAnswer post(String path, String json) throws TrainerUnavailableException {
        URI uri = URI.create(config.trainerUrl().replaceAll("/+$", "") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.trainerTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        config.trainerToken().filter(t -> !t.isBlank())
                .ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TrainerAnswer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (HttpTimeoutException e) {
            throw new TrainerUnavailableException("the trainer at " + uri + " did not answer within "
                    + config.trainerTimeout().toSeconds() + " s", true, e);
        } catch (IOException e) {
            throw new TrainerUnavailableException("cannot reach the trainer at " + uri + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainerUnavailableException("interrupted while calling the trainer at " + uri, false, e);
        }
    }
}
