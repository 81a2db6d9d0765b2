package io.initwatch.monitor.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.initwatch.events.Topics;
import io.initwatch.monitor.messaging.TelemetryProcessor;

/** Waits until the monitor's rules have seen every record now on the input topics. */
public final class Processing {

    private Processing() {
    }

    public static void awaitAllProcessed(TelemetryProcessor processor) {
        awaitProcessed(processor, partition -> true);
    }

    /** Waits until the rules have seen every record now on the input partitions that match. */
    public static void awaitProcessed(TelemetryProcessor processor, Predicate<TopicPartition> which) {
        Map<TopicPartition, Long> end = endOffsets();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<TopicPartition, Long> done = processor.processedPositions();
            return end.entrySet().stream().filter(e -> which.test(e.getKey()))
                    .allMatch(e -> e.getValue() == 0 || done.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                MonitorKafkaResource.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            for (String topic : List.of(Topics.RUNS, Topics.METRICS, Topics.LAYERS)) {
                for (int p = 0; p < MonitorKafkaResource.INPUT_PARTITIONS; p++) {
                    query.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(query).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets", e);
        }
    }
}
