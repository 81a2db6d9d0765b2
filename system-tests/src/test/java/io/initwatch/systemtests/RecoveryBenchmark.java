package io.initwatch.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.RunEvent;
import io.initwatch.events.StatsPhase;
import io.initwatch.kafka.BenchResults;
import io.initwatch.kafka.BenchResults.Spread;
import io.initwatch.kafka.LocalKafkaBroker;
import io.initwatch.systemtests.MonitorChaosTests.Monitor;
import io.initwatch.systemtests.MonitorChaosTests.Streams;

/**
 * Recovery time of the packaged monitor after SIGKILL against the amount of history on its input topics: 1,000
 * concurrent runs that have trained for 10 minutes, then for an hour (one epoch every 10 s: its metrics and an
 * end-of-epoch snapshot of 5 layers). The monitor processes the history, is killed, and started again while new
 * runs with a NaN loss arrive; measured from the kill: the first of those alerts on the alerts topic (the
 * monitor handling new events again) and the group's committed offsets reaching the end of the input (every
 * run's state whole). The goal is recovery independent of history: the ratio of the hour to the 10 minutes
 * is the result (1.0 is ideal; the 24 h replay this replaced measured 1.4×, the 6 s session timeout hiding much of
 * six times the history). A last pass repeats the hour with Kafka's static membership ({@code group.instance.id}),
 * which spares the restarted process the session timeout.
 */
@Tag("benchmark")
class RecoveryBenchmark {
    private static final String BENCHMARK = "monitor recovery after SIGKILL";
    private static final int EPOCH_SECONDS = 10;
    private static final int HIDDEN = 4;
    private static final int NEW_RUNS = 6;

    @AfterEach
    void noMonitorLeftBehind() throws InterruptedException {
        Monitor.killAll();
    }

    @Test
    void recoveryAgainstHistory() throws Exception {
        int runs = BenchResults.SMOKE ? 20 : 1_000;
        int[] minutes = BenchResults.SMOKE ? new int[] {1, 2} : new int[] {10, 60};
        List<double[]> results = new ArrayList<>();
        for (int history : minutes) {
            double[] measured = measure(runs, history, List.of());
            results.add(measured);
            BenchResults.row(BENCHMARK, String.format("%,d runs × %d min of history (%,d records): kill → first new "
                    + "alert", runs, history, (long) measured[2]), Spread.of(List.of(measured[0])), "s",
                    history == minutes[0] ? "anchor" : ratio(measured[0], results.get(0)[0], minutes[0]),
                    BenchResults.load());
            BenchResults.row(BENCHMARK, String.format("%,d runs × %d min of history: kill → state whole (offsets "
                    + "committed to the end)", runs, history), Spread.of(List.of(measured[1])), "s",
                    history == minutes[0] ? "anchor" : ratio(measured[1], results.get(0)[1], minutes[0]),
                    BenchResults.load());
        }
        // most of what remains is the group's session timeout: a SIGKILLed member is replaced only when its
        // session expires. Kafka's static membership (group.instance.id) lets the restarted process take its
        // partitions back at once; measured on the longer history, against the same history without it
        int longest = minutes[minutes.length - 1];
        double[] isStatic = measure(runs, longest,
                List.of("-Dmp.messaging.incoming.telemetry.group.instance.id=recovery-benchmark"));
        double[] dynamic = results.get(results.size() - 1);
        BenchResults.row(BENCHMARK, String.format("%d min of history, static membership (group.instance.id): kill → "
                + "first new alert", longest), Spread.of(List.of(isStatic[0])), "s",
                BenchResults.ratio(Spread.of(List.of(isStatic[0] / dynamic[0])), "without it"), BenchResults.load());
        BenchResults.note(BENCHMARK, "first start on the same history (context): " + String.format("%.1f s for "
                + "%d min, %.1f s for %d min", results.get(0)[3], minutes[0], results.get(1)[3], minutes[1])
                + "; the session timeout is 6 s (KAFKA_SESSION_TIMEOUT_MS, the broker's minimum; Kafka's default is"
                + " 45 s)");
    }

    private static String ratio(double value, double anchor, int anchorMinutes) {
        return BenchResults.ratio(Spread.of(List.of(value / anchor)), "the " + anchorMinutes + "-minute history");
    }

    /** {recovery to first new alert s, recovery to state whole s, history records, first start s}. */
    private static double[] measure(int runs, int minutes, List<String> settings) throws Exception {
        String tag = Long.toString(System.currentTimeMillis(), 36);
        Streams streams = new Streams("recovery-" + minutes + "m-" + tag, LocalKafkaBroker.sharedBootstrapServers());
        streams.create();
        long records = publishHistory(streams, runs, minutes * 60 / EPOCH_SECONDS);
        System.out.printf("recovery: %,d runs × %d min: %,d records published%n", runs, minutes, records);

        long started = System.nanoTime();
        Monitor monitor = Monitor.start(streams, "first", settings);
        monitor.awaitCaughtUp(streams, Duration.ofMinutes(10));
        double firstStart = seconds(System.nanoTime() - started);
        // the monitor saves state on its own schedule; give it a moment past catching up, as in production
        Thread.sleep(3_000);

        long before = alertCount(streams);
        long killedAt = System.nanoTime();
        monitor.kill();
        Monitor restarted = Monitor.start(streams, "restarted", settings);
        publishNewRuns(streams, tag);
        await("a new run's alert after the restart").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> alertCount(streams) > before);
        double firstAlert = seconds(System.nanoTime() - killedAt);
        restarted.awaitCaughtUp(streams, Duration.ofMinutes(10));
        double whole = seconds(System.nanoTime() - killedAt);
        restarted.stop();
        System.out.printf("recovery: %d min of history%s: first start %.1f s; after SIGKILL first new alert %.1f s, "
                + "state whole %.1f s%n", minutes, settings.isEmpty() ? "" : " " + settings, firstStart, firstAlert, whole);
        return new double[] {firstAlert, whole, records, firstStart};
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Runs that trained side by side: each run's start, pre-flight, then epoch after epoch of all runs. */
    private static long publishHistory(Streams streams, int runs, int epochs) {
        long count = 0;
        try (KafkaProducer<String, byte[]> producer = producer(streams.bootstrap)) {
            for (int r = 0; r < runs; r++) {
                String runId = streams.prefix + "run-" + r;
                send(producer, streams.runs, runId, RunEvent.started(MonitorChaosTests.config(runId, HIDDEN,
                        "he-normal", 0.01), MonitorChaosTests.T0));
                send(producer, streams.layers, runId, MonitorChaosTests.snapshot(runId, StatsPhase.PREFLIGHT, 0, HIDDEN,
                        i -> MonitorChaosTests.layer("healthy", HIDDEN, i, 0)));
                count += 2;
            }
            for (int epoch = 1; epoch <= epochs; epoch++) {
                int e = epoch;
                // a loss that keeps falling slowly, as a long healthy run's does
                double train = 0.05 + 0.65 / (1 + 0.2 * epoch);
                for (int r = 0; r < runs; r++) {
                    String runId = streams.prefix + "run-" + r;
                    send(producer, streams.metrics, runId, new EpochMetrics(1, runId, null, epoch, epoch * 15L, train,
                            train + 0.03, null, null, 120, MonitorChaosTests.T0 + epoch * 10_000L));
                    send(producer, streams.layers, runId, MonitorChaosTests.snapshot(runId, StatsPhase.EPOCH, epoch,
                            HIDDEN, i -> MonitorChaosTests.layer("healthy", HIDDEN, i, e)));
                    count += 2;
                }
            }
            producer.flush();
        }
        return count;
    }

    /** New runs whose first epoch has a NaN loss: each raises an alert as soon as the monitor sees it. */
    private static void publishNewRuns(Streams streams, String tag) {
        try (KafkaProducer<String, byte[]> producer = producer(streams.bootstrap)) {
            for (int r = 0; r < NEW_RUNS; r++) {
                String runId = streams.prefix + "new-" + tag + "-" + r;
                send(producer, streams.runs, runId, RunEvent.started(MonitorChaosTests.config(runId, HIDDEN,
                        "he-normal", 0.01), System.currentTimeMillis()));
                send(producer, streams.metrics, runId, new EpochMetrics(1, runId, null, 1, 15L, Double.NaN, null, null,
                        null, 120, System.currentTimeMillis()));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, EventJson.toBytes(event)));
    }

    private static long alertCount(Streams streams) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, streams.bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(streams.alerts).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(5)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }
}
