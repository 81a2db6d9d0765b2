package io.initwatch.dashboard.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.initwatch.dashboard.support.EventPublisher;
import io.initwatch.dashboard.support.HistoryBeforeStartup;
import io.initwatch.dashboard.support.SampleRun;
import io.initwatch.dashboard.support.SseRecorder;
import io.initwatch.dashboard.support.TrainerStub;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;
import io.initwatch.events.Topics;
import io.initwatch.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Events published to the real broker come out of the dashboard's REST API and SSE stream. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TrainerStub.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = HistoryBeforeStartup.class, restrictToAnnotatedClass = false)
class DashboardApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/api/stream")
    URL stream;

    @Test
    void alertPublishedToKafkaShowsInTheApiAndTheRunTurnsCritical() {
        SampleRun run = SampleRun.named("alert slice", "standard-normal");
        try (EventPublisher publish = new EventPublisher()) {
            publish.run(run.started())
                    .metrics(run.metrics(1, Double.NaN, Double.NaN, 0.33))
                    .alert(run.alert("non-finite-loss", Severity.CRITICAL, 1, "Validation loss NaN from epoch 1",
                            "Loss is NaN after the first epoch; standard-normal weights make activations explode.",
                            "Use he-normal: σ = √(2/32) = 0.25 for the hidden layers."));
        }
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("runId", run.runId).get("/api/alerts")
                .then().statusCode(200)
                .body("title", hasItem("Validation loss NaN from epoch 1"))
                .body("recommendation[0]", containsString("he-normal")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/" + run.runId).then().statusCode(200)
                .body("run.health", equalTo("CRITICAL"))
                .body("run.status", equalTo("RUNNING"))
                .body("metrics[0].trainLoss", equalTo("NaN"))
                .body("metrics[0].validationLoss", equalTo("NaN")));
        given().get("/api/runs/" + run.runId + "/metrics").then().statusCode(200)
                .body("[0].trainLoss", equalTo("NaN"));
        given().get("/api/runs/" + run.runId + "/metrics.csv").then().statusCode(200)
                .body(containsString("epoch,iteration,train_loss,validation_loss"))
                .body(containsString("\n1,15,NaN,NaN,0.33,0.33,"));
    }

    @Test
    void streamDeliversLiveUpdatesAndAReconnectGetsOnlyWhatItMissed() throws Exception {
        SampleRun run = SampleRun.named("stream slice", "he-normal");
        try (SseRecorder live = new SseRecorder(stream.toURI(), null); EventPublisher publish = new EventPublisher()) {
            await().atMost(WAIT).until(() -> live.events().stream().anyMatch(e -> e.name().equals("hello")));
            publish.run(run.started()).metrics(run.typicalMetrics(1)).metrics(run.typicalMetrics(2));
            await().atMost(WAIT).until(() -> live.updatesFor(run.runId).size() == 3);
            String lastSeen = live.updatesFor(run.runId).get(2).id();

            publish.metrics(run.typicalMetrics(3)).alert(run.alert("vanishing-gradients", Severity.WARNING, 3,
                    "Vanishing gradients in layers 1–2", "diagnosis", "recommendation"));
            await().atMost(WAIT).until(() -> live.updatesFor(run.runId).size() == 5);

            try (SseRecorder reconnected = new SseRecorder(stream.toURI(), lastSeen)) {
                await().atMost(WAIT).until(() -> reconnected.updatesFor(run.runId).size() == 2);
                List<SseRecorder.Event> missed = reconnected.updatesFor(run.runId);
                assertEquals(live.updatesFor(run.runId).subList(3, 5), missed,
                        "a reconnect with Last-Event-ID gets exactly the updates after it, in order");
                assertTrue(missed.get(0).data().contains("\"epoch\":3"), missed.get(0).data());
            }
            await().atMost(WAIT).until(() -> live.events().stream().anyMatch(e -> e.name().equals("ping")));
        }
    }

    @Test
    void aRestartedDashboardRebuildsRunsFromTheTopics() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/" + HistoryBeforeStartup.RUN.runId)
                .then().statusCode(200)
                .body("run.status", equalTo("FINISHED"))
                .body("run.name", equalTo("trained before the dashboard started"))
                .body("metrics", hasSize(HistoryBeforeStartup.EPOCHS))
                .body("metrics.epoch", equalTo(List.of(1, 2, 3, 4))));
    }

    @Test
    void aRunsHistorySendsWhatThePageDrawsAndTheCsvKeepsEveryColumn() {
        SampleRun run = SampleRun.named("only what is drawn", "he-normal");
        try (EventPublisher publish = new EventPublisher()) {
            publish.run(run.started()).layers(run.layers(StatsPhase.PREFLIGHT, 0, 0.1, 0.5, 1.0))
                    .layers(run.layers(StatsPhase.ITERATION, 0, 0.1, 0.5, 1.0));
            for (int epoch = 1; epoch <= 2; epoch++) {
                publish.metrics(run.typicalMetrics(epoch)).layers(run.layers(StatsPhase.EPOCH, epoch, 0.1, 0.5, 1.0));
            }
        }
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/" + run.runId).then().statusCode(200)
                .body("metrics.epoch", equalTo(List.of(1, 2)))
                .body("metrics[0].keySet()", containsInAnyOrder("epoch", "trainLoss", "validationLoss",
                        "trainAccuracy", "validationAccuracy"))
                .body("epochLayers.epoch", equalTo(List.of(1, 2)))
                .body("epochLayers[0].layers", hasSize(6))
                .body("epochLayers[0].layers[5].keySet()", containsInAnyOrder("index", "gradientNorm"))
                .body("epochLayers[0].layers[5].gradientNorm", equalTo(0.1f))
                // the page draws sampled snapshots only for a run without end-of-epoch ones
                .body("iterationLayers", hasSize(0))
                .body("preflight.layers[0].activationStd", equalTo(1.0f)));
        given().get("/api/runs/" + run.runId + "/metrics").then().statusCode(200)
                .body("epoch", equalTo(List.of(1, 2)))
                .body("[0].keySet()", containsInAnyOrder("epoch", "trainLoss", "validationLoss", "trainAccuracy",
                        "validationAccuracy"));
        given().get("/api/runs/" + run.runId + "/metrics.csv").then().statusCode(200)
                .body(containsString("\n2,30," + run.typicalMetrics(2).trainLoss() + ","));
    }

    @Test
    void anUnreadableRecordIsSkippedAndLaterRecordsStillArrive() {
        SampleRun run = SampleRun.named("after garbage", "he-normal");
        try (EventPublisher publish = new EventPublisher()) {
            publish.raw(Topics.METRICS, run.runId, "{not json".getBytes(StandardCharsets.UTF_8))
                    .metrics(run.typicalMetrics(1))
                    .layers(run.layers(StatsPhase.PREFLIGHT, 0, 0.1, 0.5, 1.0));
        }
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/" + run.runId).then().statusCode(200)
                .body("run.status", equalTo("PENDING"))
                .body("metrics", hasSize(1))
                .body("preflight.layers", hasSize(6)));
    }

    @Test
    void runListFiltersByExperiment() {
        SampleRun zeros = new SampleRun("exp-filter", "zeros", "relu", "zeros", 3, 5);
        SampleRun other = SampleRun.named("no experiment", "he-normal");
        try (EventPublisher publish = new EventPublisher()) {
            publish.run(zeros.started()).run(other.started());
        }
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("experimentId", "exp-filter").get("/api/runs")
                .then().statusCode(200)
                .body("runId", equalTo(List.of(zeros.runId)))
                .body("[0].weightInit", equalTo("zeros"))
                .body("[0].hiddenLayers", equalTo(3))
                .body("[0].totalEpochs", equalTo(5)));
    }

    @Test
    void readinessReflectsKafkaAndTheApiIsDocumented() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("Kafka connection health check")));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/stream"));
        given().get("/").then().statusCode(200).body(containsString("<title>initwatch"));
        given().get("/vendor/uplot/uPlot.iife.min.js").then().statusCode(200);
    }

    @Test
    void unknownRunAndBadQueriesAreExplained() {
        // {"error": "..."} and nothing else: events' ErrorBody, the same on the trainer and the monitor
        given().get("/api/runs/nope").then().statusCode(404).body("error", containsString("no run 'nope'"))
                .body("keySet()", contains("error"));
        given().get("/api/runs/nope/metrics.csv").then().statusCode(404);
        given().get("/api/runs/nope/metrics").then().statusCode(404).body("error", containsString("no run 'nope'"));
        given().queryParam("severity", "loud").get("/api/alerts").then().statusCode(400)
                .body("error", containsString("unknown severity 'loud'"));
        given().header("Last-Event-ID", "abc").get("/api/stream").then().statusCode(400)
                .body("error", containsString("Last-Event-ID must be a stream sequence number"));
    }

    @Test
    void formRequestsAreForwardedToTheTrainerWithItsToken() {
        TrainerStub.RECEIVED.clear();
        String body = "{\"name\":\"deep relu he\",\"activation\":\"relu\",\"weightInit\":\"he-normal\",\"hiddenLayers\":30}";
        start().body(body).post("/api/trainer/runs").then().statusCode(202)
                .body("status", equalTo("QUEUED"));
        TrainerStub.Received received = TrainerStub.RECEIVED.get(0);
        assertEquals("/api/runs", received.path());
        assertEquals("Bearer " + TrainerStub.TOKEN, received.authorization(), "the trainer's token, not the user's");
        assertEquals(body, received.body());

        start().body("{\"name\":\"x\",\"base\":{},\"weightInits\":[\"bogus-init\"]}")
                .post("/api/trainer/experiments").then().statusCode(400)
                .body("error", equalTo("unknown weightInit 'bogus-init'"));
        start().body("[1,2]").post("/api/trainer/runs").then().statusCode(400)
                .body("error", equalTo("the request body must be a JSON object"));
        assertEquals(2, TrainerStub.RECEIVED.size(), "a body that is not a JSON object never reaches the trainer");
    }

    @Test
    void startingRunsNeedsTheDashboardsTokenFromTheDashboardsOwnPageAsJson() throws Exception {
        TrainerStub.RECEIVED.clear();
        String body = "{\"name\":\"not yours\"}";
        given().contentType("application/json").body(body).post("/api/trainer/runs").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("needs the dashboard's token as Authorization: Bearer <token>"))
                .body("error", containsString("INITWATCH_DASHBOARD_API_TOKEN"));
        given().contentType("application/json").header("Authorization", "Bearer " + TrainerStub.TOKEN).body(body)
                .post("/api/trainer/experiments").then().statusCode(401).body("error", equalTo("wrong dashboard token"));

        // What another site's page can send: its own Origin, and without a preflight only a "simple" body.
        start().header("Origin", "https://evil.example").body(body).post("/api/trainer/runs").then().statusCode(403)
                .body("error", containsString("cross-origin request refused: a page from https://evil.example"));
        start().header("Origin", "null").body(body).post("/api/trainer/runs").then().statusCode(403);
        given().header("Authorization", "Bearer " + TrainerStub.DASHBOARD_TOKEN).contentType("text/plain").body(body)
                .post("/api/trainer/runs").then().statusCode(415)
                .body("error", containsString("the request body must be sent as Content-Type: application/json, got 'text/plain"));
        // RestAssured always names a Content-Type; the JDK client sends none unless told.
        HttpResponse<String> untyped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream.toURI()
                .resolve("/api/trainer/runs")).header("Authorization", "Bearer " + TrainerStub.DASHBOARD_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, untyped.statusCode());
        assertTrue(untyped.body().contains("got no Content-Type"), untyped.body());
        given().header("Authorization", "Bearer " + TrainerStub.DASHBOARD_TOKEN)
                .contentType("application/x-www-form-urlencoded").formParam("name", "x")
                .post("/api/trainer/runs").then().statusCode(415);
        assertEquals(0, TrainerStub.RECEIVED.size(), "no refused request reached the trainer");

        // The dashboard's own page: same origin, JSON, the right token.
        start().header("Origin", "http://localhost:" + stream.getPort()).body(body).post("/api/trainer/runs")
                .then().statusCode(202);
        assertEquals(1, TrainerStub.RECEIVED.size());
        given().get("/api/trainer/access").then().statusCode(200)
                .body("startsAllowed", equalTo(true)).body("tokenRequired", equalTo(true));
    }

    @Test
    void severityKeepsThatSeverityAndWorseAsOnTheMonitor() {
        SampleRun run = SampleRun.named("three severities", "xavier-normal");
        try (EventPublisher publish = new EventPublisher()) {
            publish.run(run.started())
                    .alert(run.alert("overfitting", Severity.INFO, 3, "Overfitting", "d", "r"))
                    .alert(run.alert("flat-loss", Severity.WARNING, 3, "Flat loss", "d", "r"))
                    .alert(run.alert("non-finite-loss", Severity.CRITICAL, 4, "NaN loss", "d", "r"));
        }
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("runId", run.runId).get("/api/alerts")
                .then().statusCode(200).body("rule", hasSize(3)));
        given().queryParam("runId", run.runId).queryParam("severity", "WARNING").get("/api/alerts").then()
                .statusCode(200).body("rule", containsInAnyOrder("flat-loss", "non-finite-loss"));
        given().queryParam("runId", run.runId).queryParam("severity", "critical").get("/api/alerts").then()
                .statusCode(200).body("rule", contains("non-finite-loss"));
    }

    @Test
    void theFaviconIsServed() {
        given().get("/").then().statusCode(200).body(containsString("<link rel=\"icon\" href=\"favicon.svg\""));
        given().get("/favicon.svg").then().statusCode(200).contentType(containsString("svg"));
        // Some browsers ask for /favicon.ico whatever the page says.
        given().get("/favicon.ico").then().statusCode(200);
    }

    @Test
    void thePageMayRunOnlyItsOwnScripts() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("style-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().get("/js/app.js").then().statusCode(200).header("Content-Security-Policy", containsString("'self'"));
    }

    /** A start as the page sends it: JSON with the dashboard's token. */
    private static RequestSpecification start() {
        return given().contentType("application/json").header("Authorization", "Bearer " + TrainerStub.DASHBOARD_TOKEN);
    }
}
