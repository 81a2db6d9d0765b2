package io.initwatch.monitor.messaging;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.initwatch.events.Severity;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The thin slice through the real broker: a NaN loss in, a CRITICAL alert out, keyed and headed for routing. */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class NonFiniteLossThinSliceTest {

    @Test
    void aNanLossBecomesACriticalAlertKeyedByRunWithRuleAndSeverityHeaders() {
        String runId = "thin-slice-nan";
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(List.of(started(config(runId, 2, 3, 32, "relu", "he-normal", 2)),
                    metrics(runId, 1, Double.NaN, 0.7)));
        }
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaTestClient.alertRecords(runId::equals), r -> !r.isEmpty());

        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        Alert alert = EventJson.fromBytes(record.value(), Alert.class);
        assertThat(record.key()).isEqualTo(runId);
        assertThat(KafkaTestClient.header(record, Alert.RULE_HEADER)).isEqualTo("non-finite-loss");
        assertThat(KafkaTestClient.header(record, Alert.SEVERITY_HEADER)).isEqualTo("CRITICAL");
        assertThat(KafkaTestClient.header(record, Alert.ALERT_ID_HEADER)).isEqualTo(alert.alertId());
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.title()).isEqualTo("Training loss is NaN from the start (epoch 1)");
        assertThat(alert.recommendation()).containsIgnoringCase("lower the learning rate (now 0.01, try 0.001)");
    }
}
