package io.initwatch.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.StatsPhase;
import io.initwatch.events.Topics;
import io.initwatch.events.kafka.EpochMetricsDeserializer;
import io.initwatch.events.kafka.LayerStatsDeserializer;
import io.initwatch.events.kafka.RunEventDeserializer;
import io.initwatch.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The service end to end: REST in, real DL4J training, contract events out on a real broker. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
class TrainerServiceTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final double LN_3 = Math.log(3);

    @Test
    void aRunPublishesItsWholeLifeKeyedByRunId() {
        String runId = given().contentType(ContentType.JSON)
                .body("""
                        {"name":"thin slice","dataset":"blobs","samples":200,"hiddenLayers":3,"width":16,
                         "activation":"tanh","weightInit":"xavier-normal","optimizer":"adam","learningRate":0.01,
                         "epochs":3,"seed":7}""")
                .post("/api/runs")
                .then().statusCode(202)
                .body("status", equalTo("QUEUED"))
                .body("runId", notNullValue())
                .extract().path("runId");

        List<RunEvent> events = awaitEnd(runId);
        RunEvent started = events.get(0);
        assertEquals(RunEventType.STARTED, started.type());
        RunConfig config = started.config();
        assertEquals("deeplearning4j 1.0.0-M2.1", config.framework());
        assertEquals("blobs", config.dataset());
        assertEquals(4, config.layers().size(), "3 hidden layers and the output layer");
        LayerSpec first = config.layers().get(0);
        assertEquals(new LayerSpec(0, "dense-0", "dense", "tanh", "xavier-normal", null, 2, 16), first);
        assertEquals(new LayerSpec(3, "output", "output", "softmax", "xavier-normal", null, 16, 3),
                config.layers().get(3));
        assertEquals(RunEventType.FINISHED, events.get(events.size() - 1).type());
        assertTrue(events.stream().anyMatch(e -> e.type() == RunEventType.PROGRESS));

        List<EpochMetrics> metrics = metrics(runId);
        assertEquals(List.of(1, 2, 3), metrics.stream().map(EpochMetrics::epoch).toList());
        assertTrue(metrics.stream().allMatch(m -> m.validationLoss() != null && m.trainAccuracy() != null));

        List<LayerStats> layers = layerStats(runId);
        LayerStats preflight = layers.get(0);
        assertEquals(StatsPhase.PREFLIGHT, preflight.phase());
        assertEquals(0, preflight.iteration());
        assertEquals(4, preflight.layers().size());
        assertTrue(preflight.layers().stream().allMatch(l -> l.gradientNorm() > 0 && l.updateRatio() == null));
        List<LayerStats> epochs = layers.stream().filter(s -> s.phase() == StatsPhase.EPOCH).toList();
        assertEquals(List.of(1, 2, 3), epochs.stream().map(LayerStats::epoch).toList());
        LayerStat summary = epochs.get(2).layers().get(1);
        assertTrue(summary.updateRatio() > 0 && summary.saturatedFraction() != null && summary.unitSpread() > 0,
                summary.toString());

        given().get("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("FINISHED"))
                .body("epoch", equalTo(3))
                .body("name", equalTo("thin slice"));
        given().get("/api/runs").then().statusCode(200).body("runId", org.hamcrest.Matchers.hasItem(runId));
    }

    @Test
    void deepReluNetLearnsWithHeAndStaysFlatWithZeros() {
        Map<String, Object> base = Map.of("dataset", "blobs", "samples", 300, "hiddenLayers", 30, "width", 32,
                "activation", "relu", "optimizer", "adam", "learningRate", 0.001, "epochs", 6, "seed", 42);
        List<String> runIds = given().contentType(ContentType.JSON)
                .body(Map.of("name", "relu depth 30", "base", base, "weightInits", List.of("he-normal", "zeros")))
                .post("/api/experiments")
                .then().statusCode(202)
                .body("runIds", hasSize(2))
                .extract().path("runIds");
        String he = runIds.get(0);
        String zeros = runIds.get(1);
        RunEvent heStarted = awaitEnd(he).get(0);
        awaitEnd(zeros);
        assertEquals("relu depth 30", heStarted.config().experimentName(), "the experiment's name travels with its runs");
        assertEquals("relu depth 30 · he-normal", heStarted.config().runName());

        List<Double> heLoss = metrics(he).stream().map(EpochMetrics::trainLoss).toList();
        List<Double> zerosLoss = metrics(zeros).stream().map(EpochMetrics::trainLoss).toList();
        assertEquals(6, heLoss.size());
        assertTrue(heLoss.get(5) < 0.5 * heLoss.get(0), "He should at least halve the loss: " + heLoss);
        assertTrue(heLoss.get(5) < 0.3, "He should learn the blobs: " + heLoss);
        for (double loss : zerosLoss) {
            assertEquals(LN_3, loss, 0.01, "zeros should stay at chance (ln 3): " + zerosLoss);
        }

        LayerStats zerosPreflight = layerStats(zeros).get(0);
        for (LayerStat hidden : zerosPreflight.layers().subList(0, 30)) {
            assertEquals(0.0, hidden.gradientNorm(), "no gradient reaches a zero-initialised hidden layer");
            assertEquals(0.0, hidden.unitSpread(), "every unit of a zero-initialised layer is the same");
            assertEquals(1.0, hidden.zeroFraction());
        }
        given().get("/api/experiments/" + metrics(he).get(0).experimentId()).then().statusCode(200)
                .body("runId", equalTo(runIds));
    }

    @Test
    void standardNormalInitExplodesAndTheEventsShowIt() {
        String runId = given().contentType(ContentType.JSON)
                .body("""
                        {"dataset":"blobs","samples":200,"hiddenLayers":30,"width":32,"activation":"relu",
                         "weightInit":"standard-normal","optimizer":"sgd","learningRate":0.01,"epochs":6}""")
                .post("/api/runs")
                .then().statusCode(202).extract().path("runId");
        List<RunEvent> events = awaitEnd(runId);
        RunEvent end = events.get(events.size() - 1);
        assertEquals(RunEventType.FAILED, end.type(), end.toString());
        assertTrue(end.reason().contains("non-finite") && end.reason().contains("max-non-finite-epochs=3"), end.reason());
        assertEquals(3, end.epoch());

        LayerStats preflight = layerStats(runId).get(0);
        double inputSideGradient = preflight.layers().get(0).gradientNorm();
        assertTrue(!Double.isFinite(inputSideGradient) || inputSideGradient > 1e6,
                "exploding gradient at the input side: " + inputSideGradient);
        double deepActivation = preflight.layers().get(29).activationStd();
        assertTrue(!Double.isFinite(deepActivation) || deepActivation > 1e6, "exploding activations: " + deepActivation);
        assertTrue(metrics(runId).stream().allMatch(m -> Double.isNaN(m.trainLoss())), "NaN loss is published");
        given().get("/api/runs/" + runId).then().body("status", equalTo("FAILED")).body("trainLoss", equalTo("NaN"));
    }

    @Test
    void badConfigsAreAnsweredWith400AndWhatIsWrong() {
        Map<String, String> badBodies = Map.of(
                "{\"activation\":\"swish\"}", "unknown activation 'swish'",
                "{\"hiddenLayers\":0}", "hiddenLayers must be between 1 and 100",
                "{\"learningRate\":-0.1}", "learningRate must be > 0",
                "{\"width\":100000}", "width must be between 1 and 1024",
                "{\"weightInit\":\"custom-normal\"}", "custom-normal needs a finite initScale",
                "{\"dataset\":\"csv\",\"csvPath\":\"nonexistent/data.csv\"}", "CSV file not found: nonexistent/data.csv",
                "{\"hiddenLayerz\":3}", "unknown field 'hiddenLayerz'",
                "{\"epochs\":", "not a valid config",
                "{\"layers\":[]}", "layers is empty");
        badBodies.forEach((body, message) -> given().contentType(ContentType.JSON).body(body)
                .post("/api/runs")
                .then().log().ifValidationFails().statusCode(400)
                .body("error", containsString(message)));
        given().contentType(ContentType.JSON).body("{\"base\":{},\"weightInits\":[\"he-normal\",\"glorot-ish\"]}")
                .post("/api/experiments")
                .then().statusCode(400).body("error", containsString("unknown weightInit 'glorot-ish'"));
    }

    @Test
    void anUploadedCsvCanBeTrainedOnAndABadOneIsRefused() {
        String csv = "x1,x2,label\n0.1,0.2,0\n0.3,0.1,0\n0.9,1.1,1\n1.2,0.8,1\n-0.8,1.1,2\n-1.1,0.9,2\n";
        String csvPath = given().contentType("text/csv").body(csv)
                .post("/api/datasets?name=../../etc/mine.csv")
                .then().statusCode(201)
                .body("rows", equalTo(6)).body("features", equalTo(2)).body("classes", equalTo(3))
                .body("csvPath", org.hamcrest.Matchers.endsWith("-mine.csv"))
                .extract().path("csvPath");
        String runId = given().contentType(ContentType.JSON)
                .body(Map.of("dataset", "csv", "csvPath", csvPath, "validationFraction", 0, "hiddenLayers", 2,
                        "width", 8, "epochs", 2))
                .post("/api/runs")
                .then().statusCode(202).extract().path("runId");
        RunEvent started = awaitEnd(runId).get(0);
        assertTrue(started.config().dataset().endsWith("-mine.csv"), started.config().dataset());

        given().contentType("text/csv").body("a,b,label\n1,2,0\n3,x,1\n").post("/api/datasets")
                .then().statusCode(400).body("error", containsString("line 3 column 2: expected a number"));
        given().contentType("text/csv").body("1,2,1\n3,4,1\n").post("/api/datasets")
                .then().statusCode(400).body("error", containsString("at least two classes"));
    }

    @Test
    void aFullQueueAnswers429AndQueuesNothing() {
        // One long run takes a place, so an experiment as large as the whole queue (1 running + 16 waiting) no
        // longer fits right now.
        String blocker = given().contentType(ContentType.JSON)
                .body("{\"dataset\":\"spirals\",\"hiddenLayers\":10,\"width\":16,\"epochs\":1000}")
                .post("/api/runs").then().statusCode(202).extract().path("runId");
        int before = given().get("/api/runs").then().extract().path("size()");
        given().contentType(ContentType.JSON)
                .body(Map.of("base", Map.of("epochs", 1), "weightInits", List.of("he-normal"),
                        "seeds", java.util.stream.IntStream.rangeClosed(1, 17).boxed().toList()))
                .post("/api/experiments")
                .then().statusCode(429)
                .body("error", containsString("queue is full"));
        given().get("/api/runs").then().body("size()", equalTo(before));
        given().delete("/api/runs/" + blocker).then().statusCode(202);
    }

    @Test
    void anExperimentLargerThanTheQueueIsRefusedBeforeAnyRunIsMade() {
        int before = given().get("/api/runs").then().extract().path("size()");
        given().contentType(ContentType.JSON)
                .body(Map.of("base", Map.of("epochs", 1), "weightInits", List.of("he-normal", "xavier-normal"),
                        "seeds", java.util.stream.LongStream.rangeClosed(1, 100_000).boxed().toList()))
                .post("/api/experiments")
                .then().statusCode(400)
                .body("error", equalTo("the experiment would be 200000 runs (2 weightInits x 100000 seeds); at most 17 "
                        + "runs can be queued at once (initwatch.trainer.max-concurrent-runs + queue-capacity)"));
        given().get("/api/runs").then().body("size()", equalTo(before));
    }

    @Test
    void csvPathCannotLeaveTheDataDirectory() {
        Map<String, String> refused = Map.of(
                "/dev/zero", "csvPath '/dev/zero' leads outside the trainer's data directory",
                "../../etc/passwd", "csvPath '../../etc/passwd' leads outside the trainer's data directory",
                "/etc/passwd", "csvPath '/etc/passwd' leads outside the trainer's data directory",
                "uploads/../../../etc/hostname", "leads outside the trainer's data directory");
        refused.forEach((csvPath, message) -> given().contentType(ContentType.JSON)
                .body(Map.of("dataset", "csv", "csvPath", csvPath))
                .post("/api/runs")
                .then().log().ifValidationFails().statusCode(400)
                .body("error", containsString(message))
                .body("error", org.hamcrest.Matchers.not(containsString("root:"))));
    }

    @Test
    void cancellingARunPublishesCancelled() {
        String runId = given().contentType(ContentType.JSON)
                .body("{\"dataset\":\"spirals\",\"hiddenLayers\":10,\"width\":16,\"epochs\":1000}")
                .post("/api/runs")
                .then().statusCode(202).extract().path("runId");
        given().delete("/api/runs/" + runId).then().statusCode(202).body("cancelRequested", equalTo(true));
        List<RunEvent> events = awaitEnd(runId);
        RunEvent end = events.get(events.size() - 1);
        assertEquals(RunEventType.CANCELLED, end.type());
        assertNull(end.config());
        given().get("/api/runs/" + runId).then().body("status", equalTo("CANCELLED"));
        given().delete("/api/runs/" + runId).then().statusCode(409).body("error", containsString("already ended"));
        given().delete("/api/runs/no-such-run").then().statusCode(404).body("error", containsString("no-such-run"));
    }

    private static List<RunEvent> awaitEnd(String runId) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> TopicRecords.valuesFor(Topics.RUNS, runId, new RunEventDeserializer()),
                        events -> !events.isEmpty() && events.get(events.size() - 1).type().isTerminal());
    }

    /** Each topic has its own producer, so a run's last metrics may land just after its end event. */
    private static List<EpochMetrics> metrics(String runId) {
        int epochs = endOf(runId).epoch();
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicRecords.valuesFor(Topics.METRICS, runId, new EpochMetricsDeserializer()),
                        m -> m.size() >= epochs);
    }

    private static List<LayerStats> layerStats(String runId) {
        int epochs = endOf(runId).epoch();
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicRecords.valuesFor(Topics.LAYERS, runId, new LayerStatsDeserializer()),
                        s -> s.stream().filter(x -> x.phase() == StatsPhase.EPOCH).count() >= epochs);
    }

    private static RunEvent endOf(String runId) {
        List<RunEvent> events = awaitEnd(runId);
        return events.get(events.size() - 1);
    }
}
