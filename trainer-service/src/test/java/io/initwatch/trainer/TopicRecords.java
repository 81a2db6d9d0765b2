package io.initwatch.trainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.initwatch.kafka.LocalKafkaBroker;

/** Reads what is on a topic of the shared test broker right now, with the contract's deserializers. */
public final class TopicRecords {

    private TopicRecords() {
    }

    /** The values published under {@code key}, in partition order. */
    public static <T> List<T> valuesFor(String topic, String key, Deserializer<T> values) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, T> r : all(topic, values)) {
            if (key.equals(r.key())) {
                out.add(r.value());
            }
        }
        return out;
    }

    public static <T> List<ConsumerRecord<String, T>> all(String topic, Deserializer<T> values) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafkaBroker.sharedBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "trainer-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
