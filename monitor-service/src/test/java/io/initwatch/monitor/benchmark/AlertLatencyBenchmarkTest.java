package io.initwatch.monitor.benchmark;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.kafka.BenchResults;
import io.initwatch.events.EventJson;
import io.initwatch.events.RunEvent;
import io.initwatch.events.StatsPhase;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.TelemetryEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * End-to-end alert latency: from the producer's {@code send()} of the metrics record that makes a run's loss NaN
 * (rule {@code non-finite-loss}) to the alert's arrival at a consumer of the alerts topic, while a background
 * load of healthy runs' telemetry flows (10,000 events/s; 1,000 in smoke mode). The anchor is a plain
 * producer → consumer round trip on the same broker, measured the same way, interleaved with the triggers
 * (Kafka's own {@code EndToEndLatency} tool is not on the test classpath). Prints p50/p99/max and reports them
 * to {@code ./bench.sh}; asserts only that every alert arrived.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(LatencyProfile.class)
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class AlertLatencyBenchmarkTest {
    private static final int LOAD_PER_SECOND = BenchResults.SMOKE ? 1_000 : 10_000;
    private static final int TRIGGERS = BenchResults.SMOKE ? 10 : 200;
    private static final int WARM_UP = BenchResults.SMOKE ? 3 : 20;

    @Test
    void alertLatencyAgainstARawRoundTrip() throws Exception {
        Map<String, Long> alerts = new ConcurrentHashMap<>();
        Map<String, Long> probes = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong loadSent = new AtomicLong();
        List<Thread> threads = List.of(
                new Thread(() -> arrivals(LatencyProfile.ALERTS, alerts, stop), "bench-alerts"),
                new Thread(() -> arrivals(LatencyProfile.PROBE, probes, stop), "bench-probe"),
                new Thread(() -> load(stop, loadSent), "bench-load"));
        threads.forEach(Thread::start);
        List<Double> alertMs = new ArrayList<>();
        List<Double> probeMs = new ArrayList<>();
        double load;
        long loadStart;
        long started;
        try (KafkaProducer<String, byte[]> producer = producer(0)) {
            Thread.sleep(3000); // the consumers are positioned, the load is flowing
            loadStart = loadSent.get();
            started = System.nanoTime();
            load = BenchResults.load();
            for (int i = 0; i < WARM_UP + TRIGGERS; i++) {
                String run = "lat-run-" + i;
                producer.send(record(TelemetryEvents.started(config(run, 2, 3, 32, "relu", "he-normal", 2)))).get();
                Thread.sleep(20);
                String probe = "probe-" + i;
                long probeSent = System.nanoTime();
                producer.send(new ProducerRecord<>(LatencyProfile.PROBE, probe, new byte[200]));
                long alertSent = System.nanoTime();
                producer.send(record(metrics(run, 1, Double.NaN, null)));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ((!alerts.containsKey(run) || !probes.containsKey(probe)) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(alerts).as("alert for %s", run).containsKey(run);
                assertThat(probes).containsKey(probe);
                if (i >= WARM_UP) {
                    alertMs.add((alerts.get(run) - alertSent) / 1e6);
                    probeMs.add((probes.get(probe) - probeSent) / 1e6);
                }
                Thread.sleep(30);
            }
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
        // a background load the monitor refuses would time dead-lettering, not a healthy stream
        assertThat(deadLettered()).as("background records dead-lettered").isZero();
        double loadRate = (loadSent.get() - loadStart) / ((System.nanoTime() - started) / 1e9);
        Collections.sort(alertMs);
        Collections.sort(probeMs);
        String alert = percentiles(alertMs);
        String probe = percentiles(probeMs);
        System.out.printf(Locale.ROOT, "%nalert latency under %.0f events/s: %s%nraw round trip: %s%n%n", loadRate,
                alert, probe);
        double difference = percentile(alertMs, 0.99) - percentile(probeMs, 0.99);
        BenchResults.row("Alert latency", String.format(Locale.ROOT, "raw producer → consumer round trip, same"
                + " broker, same producer (%.0f events/s of telemetry in the background)", loadRate), probe,
                "anchor", load);
        BenchResults.row("Alert latency", "monitor: `send()` of a NaN loss → alert on `initwatch.alerts`", alert,
                String.format(Locale.ROOT, "p99 **%+.0f ms** against the anchor's p99 (goal ≤ +20 ms); p50 **%.1f×**",
                        difference, percentile(alertMs, 0.5) / percentile(probeMs, 0.5)), load);
    }

    private static String percentiles(List<Double> sorted) {
        return String.format(Locale.ROOT, "p50 %s ms, p99 %s ms, max %s ms (n = %d)",
                BenchResults.num(percentile(sorted, 0.5)), BenchResults.num(percentile(sorted, 0.99)),
                BenchResults.num(sorted.get(sorted.size() - 1)), sorted.size());
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static ProducerRecord<String, byte[]> record(Object event) {
        String topic = switch (KafkaTestClient.topicOf(event)) {
            case io.initwatch.events.Topics.RUNS -> LatencyProfile.RUNS;
            case io.initwatch.events.Topics.METRICS -> LatencyProfile.METRICS;
            default -> LatencyProfile.LAYERS;
        };
        return new ProducerRecord<>(topic, KafkaTestClient.runIdOf(event), EventJson.toBytes(event));
    }

    private static KafkaProducer<String, byte[]> producer(int lingerMs) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static long deadLettered() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(new TopicPartition(LatencyProfile.DEAD_LETTER, 0))).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    /** Records the first arrival time of each key on {@code topic}, from its end at start on. */
    private static void arrivals(String topic, Map<String, Long> arrivals, AtomicBoolean stop) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    arrivals.putIfAbsent(record.key(), System.nanoTime());
                }
            }
        }
    }

    /** Healthy runs' telemetry at LOAD_PER_SECOND, epoch after epoch, 4 layers per snapshot. */
    private static void load(AtomicBoolean stop, AtomicLong sent) {
        int runs = 500;
        try (KafkaProducer<String, byte[]> producer = producer(5)) {
            for (int run = 0; run < runs; run++) {
                String id = "load-run-" + run;
                producer.send(record(TelemetryEvents.started(config(id, 2, 3, 32, "relu", "he-normal", 2))));
                producer.send(record(snapshot(id, StatsPhase.PREFLIGHT, 0, 4, i -> layer(i, i == 3 ? "softmax" : "relu"))));
                sent.addAndGet(2);
            }
            long start = System.nanoTime();
            for (int epoch = 1; !stop.get(); epoch++) {
                for (int run = 0; run < runs && !stop.get(); run++) {
                    String id = "load-run-" + run;
                    double loss = 0.1 + 0.6 * Math.pow(0.99, epoch);
                    producer.send(record(metrics(id, epoch, loss, loss + 0.02)));
                    producer.send(record(snapshot(id, StatsPhase.EPOCH, epoch, 4,
                            i -> layer(i, i == 3 ? "softmax" : "relu"))));
                    producer.send(record(RunEvent.progress(id, null, epoch, 10_000, TelemetryEvents.T0 + epoch)));
                    long total = sent.addAndGet(3);
                    long due = start + total * 1_000_000_000L / LOAD_PER_SECOND;
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
