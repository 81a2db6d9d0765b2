package io.initwatch.dashboard.support;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.Topics;
import io.initwatch.events.kafka.EventSerializer;
import io.initwatch.kafka.LocalKafkaBroker;

/** Publishes contract events to the shared test broker the way the trainer and the monitor do (key = run id). */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, Object> producer;

    public EventPublisher() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafkaBroker.sharedBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new EventSerializer<>());
    }

    public EventPublisher run(RunEvent event) {
        return send(new ProducerRecord<>(Topics.RUNS, event.runId(), event));
    }

    public EventPublisher metrics(EpochMetrics metrics) {
        return send(new ProducerRecord<>(Topics.METRICS, metrics.runId(), metrics));
    }

    public EventPublisher layers(LayerStats stats) {
        return send(new ProducerRecord<>(Topics.LAYERS, stats.runId(), stats));
    }

    public EventPublisher alert(Alert alert) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.ALERTS, alert.runId(), alert);
        record.headers().add(Alert.RULE_HEADER, alert.rule().getBytes());
        record.headers().add(Alert.SEVERITY_HEADER, alert.severity().name().getBytes());
        return send(record);
    }

    /** Raw bytes, for records a broken producer might write. */
    public EventPublisher raw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> rawProducer = new KafkaProducer<>(producerProps(),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            rawProducer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
        return this;
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafkaBroker.sharedBootstrapServers());
        return props;
    }

    private EventPublisher send(ProducerRecord<String, Object> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
        return this;
    }

    @Override
    public void close() {
        producer.close();
    }
}
