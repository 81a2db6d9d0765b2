package io.initwatch.monitor.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.initwatch.events.EventJson;
import io.initwatch.events.Topics;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The monitor on its own topics, its telemetry channel paused until the benchmark resumes it. Before the monitor
 * starts, the topics get the warm-up stream ({@link BenchmarkTelemetry} under run ids of its own); the benchmark
 * appends the timed stream once the monitor has processed the warm-up.
 */
public class BenchmarkProfile implements QuarkusTestProfile {
    static final String RUNS = "bench.runs";
    static final String METRICS = "bench.metrics";
    static final String LAYERS = "bench.layers";
    static final List<String> INPUT = List.of(RUNS, METRICS, LAYERS);
    static final int PARTITIONS = 3;
    static final String WARM_UP_RUNS = "warm-up-run-";
    static final String TIMED_RUNS = "bench-run-";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("initwatch.topics.runs", RUNS);
        config.put("initwatch.topics.metrics", METRICS);
        config.put("initwatch.topics.layers", LAYERS);
        config.put("initwatch.topics.alerts", "bench.alerts");
        config.put("initwatch.topics.dead-letter", "bench.dead-letter");
        config.put("mp.messaging.incoming.telemetry.group.id", "initwatch-monitor-benchmark");
        config.put("mp.messaging.incoming.telemetry.pausable", "true");
        config.put("mp.messaging.incoming.telemetry.initially-paused", "true");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Fill.class));
    }

    /** Produces the warm-up stream once per broker, before the monitor starts. */
    public static class Fill implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            MonitorKafkaResource.createTopics(Map.of(RUNS, PARTITIONS, METRICS, PARTITIONS, LAYERS, PARTITIONS,
                    "bench.alerts", PARTITIONS, "bench.dead-letter", 1));
            produce(WARM_UP_RUNS);
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    /** Appends one {@link BenchmarkTelemetry} stream, its runs named {@code runIdPrefix + n}, to the input topics. */
    static void produce(String runIdPrefix) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L << 20);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        long start = System.nanoTime();
        long[] bytes = {0};
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            BenchmarkTelemetry.generate(runIdPrefix, event -> {
                byte[] value = EventJson.toBytes(event);
                bytes[0] += value.length;
                String topic = switch (KafkaTestClient.topicOf(event)) {
                    case Topics.RUNS -> RUNS;
                    case Topics.METRICS -> METRICS;
                    default -> LAYERS;
                };
                producer.send(new ProducerRecord<>(topic, KafkaTestClient.runIdOf(event), value));
            });
            producer.flush();
        }
        System.out.printf("benchmark: produced %,d events of runs %s* (%,d MB of JSON) in %.1f s%n",
                BenchmarkTelemetry.EVENTS, runIdPrefix, bytes[0] >> 20, (System.nanoTime() - start) / 1e9);
    }
}
