package io.initwatch.monitor.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.Topics;
import io.initwatch.kafka.LocalKafkaBroker;

/** Publishes telemetry like a trainer and reads topics back, with plain Kafka clients on the shared broker. */
public final class KafkaTestClient implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public KafkaTestClient() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // room for the over-limit records of the bounds tests (the topic must allow them too)
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public static String topicOf(Object event) {
        if (event instanceof RunEvent) {
            return Topics.RUNS;
        } else if (event instanceof EpochMetrics) {
            return Topics.METRICS;
        } else if (event instanceof LayerStats) {
            return Topics.LAYERS;
        }
        throw new IllegalArgumentException("not a telemetry event: " + event);
    }

    public static String runIdOf(Object event) {
        if (event instanceof RunEvent e) {
            return e.runId();
        } else if (event instanceof EpochMetrics e) {
            return e.runId();
        }
        return ((LayerStats) event).runId();
    }

    /** Sends each event to its topic keyed by run id, as a trainer does, and waits for the broker. */
    public void publish(List<?> events) {
        for (Object event : events) {
            producer.send(new ProducerRecord<>(topicOf(event), runIdOf(event), EventJson.toBytes(event)));
        }
        producer.flush();
    }

    public void publishRaw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.flush();
    }

    public void publishRaw(String topic, String key, String value) {
        publishRaw(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Every record now on the topic, read from the beginning of each partition. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return LocalKafkaBroker.readAll(MonitorKafkaResource.bootstrapServers(), topic);
    }

    /** Alerts on the alerts topic for runs matching the filter, in topic order. */
    public static List<ConsumerRecord<String, byte[]>> alertRecords(Predicate<String> runId) {
        return readAll(Topics.ALERTS).stream().filter(r -> r.key() != null && runId.test(r.key())).toList();
    }

    public static List<Alert> alerts(String runId) {
        return alertRecords(runId::equals).stream().map(r -> EventJson.fromBytes(r.value(), Alert.class)).toList();
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
