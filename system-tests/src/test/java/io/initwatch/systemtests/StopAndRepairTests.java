package io.initwatch.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.Severity;
import io.initwatch.events.Topics;
import io.initwatch.kafka.LocalKafkaBroker;

/**
 * The packaged trainer and monitor as processes on one broker: the monitor stops a run through initwatch.control,
 * the trainer repairs a run with the alert's prescription, and the monitor verifies the repair. Prints the stop
 * latency that docs/benchmarks.md reports.
 */
class StopAndRepairTests {

    private static final Pattern WHERE = Pattern.compile("arrived after update (\\d+), training stopped before update (\\d+)");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    private static LocalKafkaBroker broker;
    private static ServiceProcess monitor;
    private static ServiceProcess trainer;

    @BeforeAll
    static void start() {
        broker = LocalKafkaBroker.start(0, 1, null);
        LocalKafkaBroker.createTopics(broker.bootstrapServers(), Map.of(Topics.RUNS, 1, Topics.METRICS, 1,
                Topics.LAYERS, 1, Topics.ALERTS, 1, Topics.DEAD_LETTER, 1, Topics.CONTROL, 1));
        Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        monitor = ServiceProcess.start(Repository.Service.MONITOR, "monitor-stop-repair", kafka);
        trainer = ServiceProcess.start(Repository.Service.TRAINER, "trainer-stop-repair", kafka);
        monitor.awaitReady();
        trainer.awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServiceProcess p : new ServiceProcess[] { trainer, monitor }) {
            if (p != null) {
                p.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRunThatGoesNanIsStoppedWithinOneUpdateOfTheCommandAndTheLatencyIsPrinted() {
        List<long[]> measured = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // He suits ReLU, so the monitor blames the learning rate; 250 updates per epoch, NaN within the first
            String runId = submit("""
                    {"name":"nan %d","dataset":"blobs","samples":2500,"hiddenLayers":20,"width":32,"activation":"relu",
                     "weightInit":"he-normal","optimizer":"sgd","learningRate":5,"batchSize":8,"epochs":10,"seed":%d}"""
                    .formatted(i, 40 + i));
            RunEvent end = awaitEnd(runId);
            assertEquals(RunEventType.CANCELLED, end.type(), end.toString());
            Alert stopper = alerts(runId).stream().filter(a -> end.reason().contains(a.alertId())).findFirst()
                    .orElseThrow(() -> new AssertionError("no alert named in " + end.reason()));
            assertEquals(Severity.CRITICAL, stopper.severity());
            assertTrue(end.reason().contains(stopper.rule()), end.reason());
            Matcher where = WHERE.matcher(end.reason());
            assertTrue(where.find(), end.reason());
            long arrived = Long.parseLong(where.group(1));
            long lastUpdate = Long.parseLong(where.group(2)) - 1;
            assertTrue(lastUpdate - arrived <= 1, "stopped within one update of the command: " + end.reason());
            long evidence = stopper.iteration() == null ? 0 : stopper.iteration();
            // alert timestamps are those of the event that showed the problem
            measured.add(new long[] { end.timestampMs() - stopper.timestampMs(), lastUpdate - evidence,
                    lastUpdate - arrived });
            System.out.printf("  stop %d: rule %s at update %d; STOP arrived after update %d; stopped after update %d;"
                    + " %d ms from the event to CANCELLED%n", i, stopper.rule(), evidence, arrived, lastUpdate,
                    end.timestampMs() - stopper.timestampMs());
        }
        measured.sort((a, b) -> Long.compare(a[0], b[0]));
        System.out.printf("STOP LATENCY: median %d ms (min %d, max %d); updates trained between the event and the stop:"
                + " %s; after the command arrived: %s%n", measured.get(1)[0], measured.get(0)[0], measured.get(2)[0],
                measured.stream().map(m -> Long.toString(m[1])).toList(),
                measured.stream().map(m -> Long.toString(m[2])).toList());
    }

    @Test
    void aZerosDeepReluRunIsStoppedRepairedAndTheMonitorVerifiesTheRepairWithNumbers() {
        String runId = submit("""
                {"name":"zeros repair","dataset":"blobs","samples":600,"hiddenLayers":10,"width":32,"activation":"relu",
                 "weightInit":"zeros","optimizer":"adam","learningRate":0.01,"batchSize":16,"epochs":10,"seed":7,
                 "repair":true}""");
        RunEvent end = awaitEnd(runId);
        assertEquals(RunEventType.CANCELLED, end.type(), end.toString());
        assertTrue(end.reason().contains("symmetric-weights"), end.reason());
        String repairId = await().atMost(Duration.ofMinutes(1)).until(() -> repairRunId(runId), id -> id != null);
        RunEvent repairEnd = awaitEnd(repairId);
        assertEquals(RunEventType.FINISHED, repairEnd.type(), repairEnd.toString());
        Alert verification = await().atMost(Duration.ofMinutes(1))
                .until(() -> alerts(repairId).stream().filter(a -> a.rule().equals("repair-verification")).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();
        System.out.printf("  verification: %s — %s%n", verification.title(), verification.diagnosis());
        assertEquals(Severity.INFO, verification.severity(), verification.toString());
        assertEquals(1, verification.epoch(), "judged at the first epoch of a pre-flight diagnosis");
        EpochMetrics first = metrics(repairId).get(0);
        assertEquals(first.trainLoss(), verification.evidence().get("trainLoss"));
        assertTrue(first.trainLoss() < Math.log(3), "learned below chance: " + first.trainLoss());
        assertTrue(verification.diagnosis().contains("symmetric-weights did not fire again"), verification.diagnosis());
        assertTrue(alerts(repairId).stream().noneMatch(a -> a.rule().equals("symmetric-weights")));
    }

    @Test
    void aRunWithOnAlertNeverTrainsToTheEndDespiteACriticalAlert() {
        String runId = submit("""
                {"name":"zeros never","dataset":"blobs","samples":300,"hiddenLayers":6,"width":16,"activation":"relu",
                 "weightInit":"zeros","optimizer":"adam","learningRate":0.01,"epochs":6,"seed":3,"onAlert":"never"}""");
        RunEvent end = awaitEnd(runId);
        assertEquals(RunEventType.FINISHED, end.type(), end.toString());
        assertEquals(6, end.epoch());
        assertTrue(alerts(runId).stream().anyMatch(a -> a.severity() == Severity.CRITICAL),
                "the run was diagnosed CRITICAL all the same");
    }

    private static String submit(String body) {
        HttpResponse<String> response = post("/api/runs", body);
        assertEquals(202, response.statusCode(), response.body());
        return field(response.body(), "runId");
    }

    private static String repairRunId(String runId) {
        return Http.get(trainer.port, "/api/runs/" + runId).map(r -> field(r.body(), "repairRunId")).orElse(null);
    }

    private static String field(String json, String name) {
        try {
            var node = Http.JSON.readTree(json).get(name);
            return node == null || node.isNull() ? null : node.asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(String path, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + trainer.port + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RunEvent awaitEnd(String runId) {
        List<RunEvent> events = await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> read(Topics.RUNS, runId, RunEvent.class),
                        e -> !e.isEmpty() && e.get(e.size() - 1).type().isTerminal());
        return events.get(events.size() - 1);
    }

    private static List<Alert> alerts(String runId) {
        return read(Topics.ALERTS, runId, Alert.class);
    }

    private static List<EpochMetrics> metrics(String runId) {
        return read(Topics.METRICS, runId, EpochMetrics.class);
    }

    private static <T> List<T> read(String topic, String key, Class<T> type) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stop-repair-" + UUID.randomUUID(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        out.add(EventJson.fromJson(record.value(), type));
                    }
                }
            }
        }
        return out;
    }
}
