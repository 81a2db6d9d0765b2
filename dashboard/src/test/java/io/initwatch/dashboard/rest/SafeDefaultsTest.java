package io.initwatch.dashboard.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.initwatch.dashboard.support.SseRecorder;
import io.initwatch.kafka.KafkaBrokerResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A dashboard deployed with the trainer's token but without a token of its own, and a small stream cap: it must
 * not lend the trainer's token to anyone, and it must not let browsers open streams without bound.
 */
@QuarkusTest
@TestProfile(SafeDefaultsTest.TrainerTokenOnly.class)
class SafeDefaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_STREAMS = 2;

    /** The trainer's token is set, the dashboard's is not; no trainer listens (nothing may reach it anyway). */
    public static class TrainerTokenOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("initwatch.dashboard.trainer-token", "the-trainers-secret",
                    "initwatch.dashboard.trainer-url", "http://127.0.0.1:9",
                    "initwatch.dashboard.stream.max-connections", Integer.toString(MAX_STREAMS));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true; // the other tests' TrainerStub would give the dashboard a token of its own
        }
    }

    @TestHTTPResource("/api/stream")
    URL stream;

    @Test
    void startsAreRefusedAndTheAnswerSaysWhichVariableToSet() {
        for (String path : List.of("/api/trainer/runs", "/api/trainer/experiments")) {
            given().contentType("application/json").header("Authorization", "Bearer the-trainers-secret")
                    .body("{\"name\":\"mine now\"}").post(path).then().statusCode(403)
                    .body("error", containsString("starting runs from the dashboard is switched off"))
                    .body("error", containsString("set INITWATCH_DASHBOARD_API_TOKEN"));
        }
        given().get("/api/trainer/access").then().statusCode(200)
                .body("startsAllowed", equalTo(false))
                .body("reason", containsString("INITWATCH_DASHBOARD_API_TOKEN"));
    }

    @Test
    void oneStreamMoreThanTheCapGets503UntilAStreamCloses() throws Exception {
        try (SseRecorder first = new SseRecorder(stream.toURI(), null);
                SseRecorder second = new SseRecorder(stream.toURI(), null)) {
            await().atMost(WAIT).until(() -> saidHello(first) && saidHello(second));

            given().get("/api/stream").then().statusCode(503)
                    .header("Retry-After", "10")
                    .body("error", equalTo("too many live streams: 2 are open already "
                            + "(initwatch.dashboard.stream.max-connections); close other dashboard tabs or retry later"));

            first.close();
            // The place is given back once the server sees the connection gone.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> streamStatus() == 200);
        }
    }

    private static boolean saidHello(SseRecorder recorder) {
        return recorder.events().stream().anyMatch(e -> e.name().equals("hello"));
    }

    /** Opens a stream, reads only its status, and closes it again. */
    private int streamStatus() throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(URI.create(stream.toString())).header("Accept", "text/event-stream")
                        .build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        response.body().close();
        return response.statusCode();
    }
}
