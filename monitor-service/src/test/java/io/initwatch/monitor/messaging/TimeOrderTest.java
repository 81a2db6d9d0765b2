package io.initwatch.monitor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** A batch's topics of one partition number reach the rules merged by time, each partition's order kept. */
class TimeOrderTest {

    @Test
    void aRunsConfigComesBeforeMetricsPublishedAfterItEvenWhenTheBatchListsMetricsFirst() {
        List<ConsumerRecord<String, byte[]>> metrics = List.of(record("metrics", 0, 20), record("metrics", 1, 30),
                record("metrics", 2, 25), record("metrics", 3, 40));
        List<ConsumerRecord<String, byte[]>> runs = List.of(record("runs", 0, 10), record("runs", 1, 35));
        List<ConsumerRecord<String, byte[]>> merged = TelemetryProcessor.inTimeOrder(List.of(metrics, runs));
        assertThat(merged).extracting(r -> r.topic() + "@" + r.offset()).containsExactly("runs@0", "metrics@0",
                "metrics@1", "metrics@2", "runs@1", "metrics@3");
    }

    private static ConsumerRecord<String, byte[]> record(String topic, long offset, long timestamp) {
        return new ConsumerRecord<>(topic, 0, offset, timestamp, TimestampType.CREATE_TIME, 0, 0, "run", new byte[0],
                new RecordHeaders(), Optional.empty());
    }
}
