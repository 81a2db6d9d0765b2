package io.initwatch.monitor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.Topics;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.Processing;
import io.initwatch.monitor.testing.SyntheticRuns.SyntheticRun;
import io.initwatch.monitor.testing.SyntheticRuns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Several monitor instances in one consumer group share the partitions. A second member joins, takes half the
 * partitions and then leaves without processing anything (as an instance that dies would): its runs' alerts
 * are raised by the monitor once it gets the partitions back, and the monitor's own runs repeat nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class ConsumerGroupHandoverTest {
    private static final List<String> INPUT = List.of(Topics.RUNS, Topics.METRICS, Topics.LAYERS);

    @Inject
    TelemetryProcessor processor;

    @Test
    void partitionsHandedBackAreReplayedWithoutLosingOrRepeatingAlerts() {
        int taken;
        SyntheticRun onOther;
        SyntheticRun onMonitor;
        try (KafkaConsumer<String, byte[]> other = secondInstance()) {
            other.subscribe(INPUT);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                other.poll(Duration.ofMillis(100));
                return !other.assignment().isEmpty();
            });
            Set<Integer> numbers = other.assignment().stream().map(tp -> tp.partition()).collect(Collectors.toSet());
            assertThat(numbers).as("the assignor keeps a run's three topics together").hasSize(1);
            taken = numbers.iterator().next();
            onOther = SyntheticRuns.lecunDeepRelu(runIdOn(taken, "handover-other"));
            onMonitor = SyntheticRuns.lecunDeepRelu(runIdOn(1 - taken, "handover-monitor"));
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                kafka.publish(onOther.events());
                kafka.publish(onMonitor.events());
            }
            Processing.awaitProcessed(processor, tp -> tp.partition() != taken);
            assertThat(rules(onMonitor)).isEqualTo(onMonitor.expectedRules());
            assertThat(KafkaTestClient.alerts(onOther.runId())).as("nobody processes the taken partition").isEmpty();
        }

        Processing.awaitAllProcessed(processor);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(rules(onOther)).isEqualTo(onOther.expectedRules()));
        for (SyntheticRun run : List.of(onOther, onMonitor)) {
            assertThat(KafkaTestClient.alerts(run.runId())).as(run.runId())
                    .hasSize(run.expectedRules().size())
                    .extracting(Alert::alertId).doesNotHaveDuplicates();
        }
    }

    private static Set<String> rules(SyntheticRun run) {
        return KafkaTestClient.alerts(run.runId()).stream().map(Alert::rule).collect(Collectors.toSet());
    }

    /** A run id that the default partitioner puts on this partition of every input topic. */
    private static String runIdOn(int partition, String prefix) {
        for (int i = 0;; i++) {
            String id = prefix + "-" + System.nanoTime() + "-" + i;
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8)))
                    % MonitorKafkaResource.INPUT_PARTITIONS == partition) {
                return id;
            }
        }
    }

    private static KafkaConsumer<String, byte[]> secondInstance() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "initwatch-monitor");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RunPartitionAssignor.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
