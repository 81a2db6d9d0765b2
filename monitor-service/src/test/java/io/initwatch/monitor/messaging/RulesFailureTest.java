package io.initwatch.monitor.messaging;

import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Topics;
import io.initwatch.monitor.rules.RulesEngine;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.SyntheticRuns;
import io.initwatch.monitor.testing.SyntheticRuns.SyntheticRun;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The last line of defence behind the input limits: whatever the rules throw on one record — an exception,
 * {@link OutOfMemoryError}, {@link StackOverflowError} — that record is dead-lettered with the error as its
 * reason and the consumer goes on: the next run gets its alerts. (The errors are thrown by a stand-in for the
 * rules, as the worst record would make them; allocating gigabytes for real would starve this shared JVM.)
 */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class RulesFailureTest {
    private static final String P = "rules-failure-";

    @BeforeEach
    void rulesThatFailOnSomeRuns() {
        QuarkusMock.installMockForType(new RuleEvaluation() {
            @Override
            public List<Alert> evaluate(RulesEngine engine, Object event) {
                if (event instanceof EpochMetrics m && m.runId().equals(P + "oom")) {
                    throw new OutOfMemoryError("Java heap space");
                } else if (event instanceof EpochMetrics m && m.runId().equals(P + "stack")) {
                    throw new StackOverflowError();
                } else if (event instanceof EpochMetrics m && m.runId().equals(P + "bug")) {
                    throw new IllegalStateException("a bug in a rule");
                }
                return super.evaluate(engine, event);
            }
        }, RuleEvaluation.class);
    }

    @Test
    void anErrorFromTheRulesDeadLettersTheRecordAndTheConsumerGoesOn() {
        SyntheticRun after = SyntheticRuns.nanFromStart(P + "after");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(List.of(metrics(P + "oom", 1, 0.5, null), metrics(P + "stack", 1, 0.5, null),
                    metrics(P + "bug", 1, 0.5, null)));
            kafka.publish(after.events());
        }

        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(60)).until(
                () -> KafkaTestClient.readAll(Topics.DEAD_LETTER).stream()
                        .filter(r -> r.key() != null && r.key().startsWith(P)).toList(),
                records -> records.size() >= 3);
        assertThat(dead).extracting(r -> r.key() + ": " + KafkaTestClient.header(r, DeadLetterPublisher.REASON_HEADER))
                .containsExactlyInAnyOrder(
                        P + "oom: the rules could not evaluate this event: java.lang.OutOfMemoryError: Java heap space",
                        P + "stack: the rules could not evaluate this event: java.lang.StackOverflowError",
                        P + "bug: the rules could not evaluate this event: java.lang.IllegalStateException: a bug in a rule");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(KafkaTestClient.alerts(after.runId()))
                .extracting(Alert::rule).containsExactlyInAnyOrderElementsOf(after.expectedRules()));
    }
}
