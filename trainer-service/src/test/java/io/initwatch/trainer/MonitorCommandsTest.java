package io.initwatch.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.Cause;
import io.initwatch.events.ControlCommand;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerPrescription;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Prescription;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.Severity;
import io.initwatch.events.Topics;
import io.initwatch.events.WeightInit;
import io.initwatch.events.kafka.EpochMetricsDeserializer;
import io.initwatch.events.kafka.LayerStatsDeserializer;
import io.initwatch.events.kafka.RunEventDeserializer;
import io.initwatch.kafka.KafkaBrokerResource;
import io.initwatch.kafka.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The trainer obeys the monitor through the broker: the test plays the monitor, publishing on initwatch.control and
 * initwatch.alerts what the monitor publishes (system-tests run the two services together).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
class MonitorCommandsTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern WHERE = Pattern.compile("arrived after update (\\d+), training stopped before update (\\d+)");

    @Test
    void aStopEndsARunThatWentNanBeforeItsNextUpdateNamingTheRuleAndTheAlert() {
        // N(0, 1) in 30 ReLU layers: non-finite from the first snapshot; 200 updates per epoch, so it is mid-epoch
        String runId = submit("""
                {"dataset":"blobs","samples":2000,"hiddenLayers":30,"width":32,"activation":"relu",
                 "weightInit":"standard-normal","optimizer":"sgd","learningRate":0.01,"batchSize":8,"epochs":20}""");
        LayerStats nan = await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> TopicRecords.valuesFor(Topics.LAYERS, runId, new LayerStatsDeserializer()).stream()
                        .filter(s -> s.phase() != io.initwatch.events.StatsPhase.PREFLIGHT)
                        .filter(s -> s.layers().stream().anyMatch(l -> l.gradientNorm() == null
                                || !Double.isFinite(l.gradientNorm())))
                        .findFirst(), java.util.Optional::isPresent).orElseThrow();
        publish(Topics.CONTROL, runId, new ControlCommand(1, ControlCommand.STOP, runId, "alert-nan-1",
                "non-finite-gradients", Severity.CRITICAL, nan.epoch(), nan.iteration(), "test", now()));

        RunEvent end = end(runId);
        assertEquals(RunEventType.CANCELLED, end.type(), end.toString());
        assertTrue(end.reason().contains("alert-nan-1") && end.reason().contains("non-finite-gradients"), end.reason());
        Matcher where = WHERE.matcher(end.reason());
        assertTrue(where.find(), end.reason());
        long arrived = Long.parseLong(where.group(1));
        long stoppedBefore = Long.parseLong(where.group(2));
        long trainedAfterArrival = stoppedBefore - 1 - arrived;
        assertTrue(trainedAfterArrival <= 1, "stopped within one update of the command: " + end.reason());
        assertTrue(end.epoch() < 20, "did not train to the end");
    }

    @Test
    void aZerosRunWithRepairTrueIsRepairedWithThePrescribedHeAndTheRepairLearns() {
        String runId = submit("""
                {"name":"zeros deep","dataset":"blobs","samples":1000,"hiddenLayers":8,"width":32,"activation":"relu",
                 "weightInit":"zeros","optimizer":"adam","learningRate":0.01,"batchSize":16,"epochs":20,"seed":11,
                 "repair":true}""");
        RunConfig config = await().atMost(RUN_TIMEOUT).until(() -> started(runId), java.util.Objects::nonNull);
        // what the monitor's symmetric-weights alert prescribes: He per hidden layer, numbers from WeightInit
        List<LayerPrescription> layers = new ArrayList<>();
        config.layers().stream().filter(l -> !l.type().equals("output")).forEach(l -> layers.add(
                new LayerPrescription(l.index(), "relu", l.nIn(), l.nOut(), "zeros", "he-normal",
                        WeightInit.HE_NORMAL.variance(l.nIn(), l.nOut(), null), "he-uniform",
                        WeightInit.HE_UNIFORM.uniformLimit(l.nIn(), l.nOut()), false)));
        Alert alert = new Alert(1, "alert-zeros-1", runId, config.experimentId(), "symmetric-weights",
                Severity.CRITICAL, 0, 0L, List.of(0, 1, 2, 3, 4, 5, 6, 7), "zeros", "zeros", "use He",
                Cause.SYMMETRY, Map.of(), now(), new Prescription(layers, null));
        publish(Topics.ALERTS, runId, alert);
        publish(Topics.CONTROL, runId, ControlCommand.stop(alert, io.initwatch.events.StopPolicy.CRITICAL, now()));

        assertEquals(RunEventType.CANCELLED, end(runId).type());
        String repairId = await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/runs/" + runId).then().extract().<String>path("repairRunId"),
                        java.util.Objects::nonNull);
        RunEvent repairEnd = end(repairId);
        assertEquals(RunEventType.FINISHED, repairEnd.type(), repairEnd.toString());
        RunConfig repair = started(repairId);
        assertNotNull(repair.repairOf());
        assertEquals(runId, repair.repairOf().runId());
        assertEquals("alert-zeros-1", repair.repairOf().alertId());
        assertEquals(config.seed(), repair.seed());
        assertEquals(config.layers().size(), repair.layers().size());
        for (int i = 0; i < 8; i++) {
            assertEquals("he-normal", repair.layers().get(i).weightInit(), "layer " + i);
            assertEquals(config.layers().get(i).nOut(), repair.layers().get(i).nOut());
        }
        List<EpochMetrics> metrics = await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicRecords.valuesFor(Topics.METRICS, repairId, new EpochMetricsDeserializer()),
                        m -> m.size() == 20);
        double chance = Math.log(3);
        assertTrue(metrics.get(19).trainLoss() < 0.5 * chance, "the repair learns: " + metrics);
        given().post("/api/runs/" + runId + "/repair").then().statusCode(409)
                .body("error", containsString("already repaired by run " + repairId));
    }

    @Test
    void thePolicyTravelsInTheConfigAndAnUnknownOneIsRefused() {
        String never = submit("""
                {"dataset":"xor","samples":64,"hiddenLayers":1,"width":4,"epochs":1,"onAlert":"never"}""");
        String byDefault = submit("""
                {"dataset":"xor","samples":64,"hiddenLayers":1,"width":4,"epochs":1}""");
        assertEquals("never", await().atMost(RUN_TIMEOUT).until(() -> started(never), java.util.Objects::nonNull)
                .onAlert());
        assertEquals("critical", await().atMost(RUN_TIMEOUT).until(() -> started(byDefault),
                java.util.Objects::nonNull).onAlert());
        given().contentType(ContentType.JSON).body("{\"onAlert\":\"sometimes\"}").post("/api/runs").then()
                .statusCode(400).body("error", containsString("onAlert must be one of [critical, warning, never]"));
        end(byDefault);
        given().post("/api/runs/" + byDefault + "/repair").then().statusCode(409)
                .body("error", containsString("no alert with a prescription"));
    }

    private static String submit(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/runs").then().statusCode(202)
                .extract().path("runId");
    }

    private static RunConfig started(String runId) {
        return TopicRecords.valuesFor(Topics.RUNS, runId, new RunEventDeserializer()).stream()
                .filter(e -> e.type() == RunEventType.STARTED).map(RunEvent::config).findFirst().orElse(null);
    }

    private static RunEvent end(String runId) {
        List<RunEvent> events = await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .until(() -> TopicRecords.valuesFor(Topics.RUNS, runId, new RunEventDeserializer()),
                        e -> !e.isEmpty() && e.get(e.size() - 1).type().isTerminal());
        return events.get(events.size() - 1);
    }

    private static void publish(String topic, String key, Object event) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalKafkaBroker.sharedBootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, EventJson.toBytes(event)));
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
