package io.initwatch.monitor.messaging;

import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.Topics;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Records the monitor cannot read land in the dead-letter topic with the reason; the stream keeps going. */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class DeadLetterTest {

    @Test
    void unreadableRecordsAreDeadLetteredWithTheirReasonAndLaterGoodEventsStillRaiseAlerts() {
        String runId = "dead-letter-run";
        EpochMetrics future = new EpochMetrics(99, runId, null, 1, 10, 0.7, null, null, null, 10, 1);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publishRaw(Topics.METRICS, runId, "{\"schemaVersion\":1,\"runId\":");
            kafka.publishRaw(Topics.METRICS, runId, EventJson.toJson(future));
            kafka.publishRaw(Topics.LAYERS, runId, (byte[]) null);
            kafka.publishRaw(Topics.RUNS, runId, "{\"schemaVersion\":1,\"type\":\"STARTED\",\"timestampMs\":1,\"runId\":\"" + runId + "\"}");
            kafka.publish(List.of(metrics(runId, 1, Double.NaN, null)));
        }

        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30)).until(
                () -> KafkaTestClient.readAll(Topics.DEAD_LETTER).stream().filter(r -> runId.equals(r.key())).toList(),
                records -> records.size() >= 4);
        assertThat(dead).hasSize(4);
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, DeadLetterPublisher.TOPIC_HEADER))
                .containsExactlyInAnyOrder(Topics.METRICS, Topics.METRICS, Topics.LAYERS, Topics.RUNS);
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, DeadLetterPublisher.REASON_HEADER))
                .anySatisfy(reason -> assertThat(reason).startsWith("not a valid EpochMetrics"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo(
                        "EpochMetrics schemaVersion 99 is not supported (this reader understands 1..1)"))
                .anySatisfy(reason -> assertThat(reason).startsWith("empty record value (null)"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("STARTED RunEvent without config"));
        assertThat(dead).allSatisfy(r -> assertThat(KafkaTestClient.header(r, DeadLetterPublisher.OFFSET_HEADER)).isNotNull());
        ConsumerRecord<String, byte[]> future99 = dead.stream()
                .filter(r -> KafkaTestClient.header(r, DeadLetterPublisher.REASON_HEADER).contains("99")).findFirst().orElseThrow();
        assertThat(new String(future99.value(), StandardCharsets.UTF_8)).isEqualTo(EventJson.toJson(future));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(KafkaTestClient.alerts(runId))
                .extracting(a -> a.rule()).containsExactly("non-finite-loss"));
    }
}
