package io.initwatch.monitor.messaging;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static io.initwatch.monitor.testing.TelemetryEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.StatsPhase;
import io.initwatch.events.Topics;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.SyntheticRuns;
import io.initwatch.monitor.testing.SyntheticRuns.SyntheticRun;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every input limit on the real broker: a record over it lands in the dead-letter topic with a reason that
 * names the field, the value and the limit, the monitor carries on, and a good run sent afterwards still gets
 * exactly its alerts.
 */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class InputBoundsTest {

    @Test
    void recordsOverALimitAreDeadLetteredWithAReadableReasonAndTheNextRunStillGetsItsAlerts() throws Exception {
        allowLargeRecords(Topics.LAYERS);
        String p = "bounds-";
        List<LayerStat> layers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            layers.add(layer(i == 3 ? 2_000_000_000 : i, "relu").build(StatsPhase.EPOCH));
        }
        String hugeName = "n".repeat(300);
        StringBuilder big = new StringBuilder("{\"schemaVersion\":1,\"runId\":\"" + p + "big\",\"pad\":\"");
        big.append("x".repeat(1_100_000)).append("\"}");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(List.of(
                    metrics(p + "epoch", 2_000_000_000, 0.5, null),
                    new LayerStats(1, p + "index", null, StatsPhase.EPOCH, 1, 15, layers, 1),
                    snapshot(p + "count", StatsPhase.EPOCH, 1, 1_001, i -> layer(i, "relu")),
                    new io.initwatch.events.EpochMetrics(1, p + "iteration", null, 1, 2_000_000_000_000L, 0.5,
                            null, null, null, 1, 1),
                    metrics(p + "zero", 0, 0.5, null),
                    started(withName(p + "name", hugeName))));
            kafka.publishRaw(Topics.LAYERS, p + "big", big.toString());
            kafka.publishRaw(Topics.METRICS, p + "missing",
                    "{\"schemaVersion\":1,\"runId\":\"" + p + "missing\",\"iteration\":1,\"trainLoss\":0.5,"
                            + "\"epochTimeMs\":1,\"timestampMs\":1}");
            kafka.publishRaw(Topics.METRICS, p + "key", new String(EventJson.toBytes(metrics(p + "body", 1, 0.5, null)),
                    StandardCharsets.UTF_8));
        }
        SyntheticRun after = SyntheticRuns.zeros(p + "after");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(after.events());
        }

        Map<String, String> reasons = await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(p), r -> r.size() >= 9);
        assertThat(reasons).containsOnly(
                Map.entry(p + "epoch",
                        "epoch: 2000000000 exceeds the limit 100000 (initwatch.monitor.limits.max-epoch)"),
                Map.entry(p + "index",
                        "layers[3].index: 2000000000 exceeds the limit 1000 (initwatch.monitor.limits.max-layers)"),
                Map.entry(p + "count",
                        "layers: 1001 layers exceeds the limit 1000 (initwatch.monitor.limits.max-layers)"),
                Map.entry(p + "iteration", "iteration: 2000000000000 exceeds the limit 1000000000000"
                        + " (initwatch.monitor.limits.max-iteration)"),
                Map.entry(p + "zero", "epoch: 0 is below 1 (1 is the first completed epoch)"),
                Map.entry(p + "name", "config.runName: 300 characters exceeds the limit 256"
                        + " (initwatch.monitor.limits.max-string-length)"),
                Map.entry(p + "big", "record value: " + big.length() + " bytes exceeds the limit 1048576"
                        + " (initwatch.monitor.limits.max-record-bytes)"),
                Map.entry(p + "missing", "not a valid EpochMetrics: epoch: required integer missing or null"),
                Map.entry(p + "key", "record key \"" + p + "key\" differs from runId \"" + p + "body\"; the key must"
                        + " be the run id so a run's events stay on one partition"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(KafkaTestClient.alerts(after.runId()))
                .extracting(Alert::rule).containsExactlyInAnyOrderElementsOf(after.expectedRules()));
        assertThat(KafkaTestClient.alerts(p + "body")).as("the mis-keyed record was not evaluated").isEmpty();
    }

    /** Reason by record key, for this test's dead letters; each record must be dead-lettered exactly once. */
    private static Map<String, String> deadLetters(String prefix) {
        List<ConsumerRecord<String, byte[]>> records = KafkaTestClient.readAll(Topics.DEAD_LETTER).stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix)).toList();
        Map<String, String> byKey = records.stream().collect(Collectors.toMap(ConsumerRecord::key,
                r -> KafkaTestClient.header(r, DeadLetterPublisher.REASON_HEADER)));
        assertThat(byKey).as("one dead letter per record").hasSize(records.size());
        return byKey;
    }

    private static io.initwatch.events.RunConfig withName(String runId, String name) {
        io.initwatch.events.RunConfig c = config(runId, 2, 2, 8, "relu", "he-normal", 2);
        return new io.initwatch.events.RunConfig(c.runId(), c.experimentId(), name, c.dataset(), c.inputSize(),
                c.outputSize(), c.layers(), c.optimizer(), c.learningRate(), c.batchSize(), c.epochs(), c.seed(),
                c.lossFunction(), c.framework(), Map.of());
    }

    private static void allowLargeRecords(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                MonitorKafkaResource.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", Integer.toString(4 * 1024 * 1024)), AlterConfigOp.OpType.SET));
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        }
    }
}
