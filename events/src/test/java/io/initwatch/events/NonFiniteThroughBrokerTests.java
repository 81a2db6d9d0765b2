package io.initwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.initwatch.events.kafka.EpochMetricsDeserializer;
import io.initwatch.events.kafka.EventSerializer;
import io.initwatch.kafka.LocalKafkaBroker;

/** A NaN loss is the most important value this product carries: it must arrive as NaN, not 0 or null. */
class NonFiniteThroughBrokerTests {

    @Test
    void nonFiniteLossesSurviveProducerBrokerConsumer() throws Exception {
        String bootstrap = LocalKafkaBroker.sharedBootstrapServers();
        String topic = "nonfinite-" + System.nanoTime();
        EpochMetrics sent = new EpochMetrics(1, "run-nan", "exp", 3, 96, Double.NaN, Double.POSITIVE_INFINITY,
                0.1, Double.NEGATIVE_INFINITY, 42, System.currentTimeMillis());

        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new EventSerializer<EpochMetrics>())) {
            producer.send(new ProducerRecord<>(topic, sent.runId(), sent)).get();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "nonfinite-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, EpochMetrics>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new EpochMetricsDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }

        assertEquals(1, received.size());
        EpochMetrics got = received.get(0).value();
        assertEquals("run-nan", received.get(0).key(), "the run id is the record key");
        assertTrue(Double.isNaN(got.trainLoss()), "train loss is still NaN");
        assertEquals(Double.POSITIVE_INFINITY, got.validationLoss());
        assertEquals(Double.NEGATIVE_INFINITY, got.validationAccuracy());
        assertEquals(sent, got);
    }
}
