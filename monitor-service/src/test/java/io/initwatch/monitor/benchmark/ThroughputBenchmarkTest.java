package io.initwatch.monitor.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.kafka.BenchResults;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.kafka.BenchResults.Spread;
import io.initwatch.monitor.messaging.TelemetryProcessor;
import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.rules.RulesEngine;
import io.initwatch.monitor.testing.EngineFeed;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;

/**
 * Events per second through the real broker: the monitor (decode + rules + alert publishing) against a plain
 * {@code KafkaConsumer} reading the same records, plus the heap taken by 1,000 concurrent runs' rule state.
 * The monitor first processes a warm-up stream of other runs, untimed, as the anchors get a warm-up pass: the
 * compiled code is compared, not the first run through the rules, SmallRye and the messaging edge. Then the timed
 * stream is appended and the anchors read it several times, alternated, half before and half after the monitor's
 * one timed pass, which is timed per fifth of the stream and profiled with JFR. Prints figures and reports them to
 * {@code ./bench.sh} ({@link BenchResults}); asserts only that everything was processed. Excluded from the
 * default build; run with {@code ./bench.sh} or {@code ./mvnw -B -pl monitor-service verify -Dgroups=benchmark}.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class ThroughputBenchmarkTest {
    /** Keeps the JIT from dropping the decoding it would otherwise see as unused. */
    private static volatile long blackhole;

    @Inject
    TelemetryProcessor processor;

    @Inject
    ChannelRegistry channels;

    private static final String BENCHMARK = "Monitor throughput";
    private static final int SEGMENTS = 5;

    @Test
    void monitorVersusPlainConsumerAndStateMemory() {
        long total = BenchmarkTelemetry.EVENTS;
        JfrProfile.setUp();
        // the warm-up stream, produced before the monitor started: processed, then the monitor paused again
        Map<TopicPartition, Long> warmUpEnd = endOffsets();
        assertThat(sum(warmUpEnd)).isEqualTo(total);
        List<Rate> warmUp = monitor(sum(warmUpEnd));
        channels.getPausable("telemetry").pause();
        BenchmarkProfile.produce(BenchmarkProfile.TIMED_RUNS);
        Map<TopicPartition, Long> end = endOffsets();
        assertThat(sum(end) - sum(warmUpEnd)).isEqualTo(total);
        int repetitions = BenchResults.repetitions(5);
        double loadBefore = BenchResults.load();

        // The anchors, alternated, around the monitor's one timed pass: half before, half after.
        plainConsumer(warmUpEnd, true); // warms up JSON decoding
        List<Rate> plain = new ArrayList<>();
        List<Rate> decoding = new ArrayList<>();
        int before = (repetitions + 1) / 2;
        for (int i = 0; i < before; i++) {
            plain.add(plainConsumer(warmUpEnd, false));
            decoding.add(plainConsumer(warmUpEnd, true));
        }
        double loadMonitor = BenchResults.load();
        List<Rate> monitor;
        List<String> profile;
        try (JfrProfile jfr = new JfrProfile(Path.of("target", "bench", "monitor-throughput.jfr"))) {
            monitor = monitor(sum(end));
            jfr.close();
            profile = jfr.summary();
        }
        for (int i = before; i < repetitions; i++) {
            plain.add(plainConsumer(warmUpEnd, false));
            decoding.add(plainConsumer(warmUpEnd, true));
        }
        int runs = processor.runsTracked();
        double stateMb = stateMegabytes();

        System.out.printf("%n=== initwatch monitor benchmark: %,d events, %d runs, %d CPUs, load average %.1f at"
                + " the start (the broker runs in this JVM) ===%n", total, BenchmarkTelemetry.RUNS,
                Runtime.getRuntime().availableProcessors(), loadBefore);
        System.out.printf("%-40s %12s %22s%n", "", "events/s", "events per CPU-second");
        plain.forEach(r -> print("plain KafkaConsumer (bytes only)", r));
        decoding.forEach(r -> print("plain KafkaConsumer + JSON decoding", r));
        warmUp.forEach(r -> print("monitor cold (warm-up), one fifth", r));
        monitor.forEach(r -> print("monitor, one fifth of the stream", r));
        System.out.printf("rule state of %,d concurrent runs: %.1f MB (%.1f KB per run)%n",
                BenchmarkTelemetry.RUNS, stateMb, stateMb * 1024 / BenchmarkTelemetry.RUNS);
        System.out.printf("runs tracked by the monitor (warm-up and timed): %,d%n%n", runs);

        String size = String.format(java.util.Locale.ROOT, "%,d events of %,d runs × 4 layers", total,
                BenchmarkTelemetry.RUNS);
        Spread plainRate = Spread.of(plain.stream().map(Rate::perSecond).toList());
        Spread decodingRate = Spread.of(decoding.stream().map(Rate::perSecond).toList());
        Spread monitorRate = Spread.of(monitor.stream().map(Rate::perSecond).toList());
        // Ratio of each fifth of the monitor's pass to the median of the anchor.
        Spread toDecoding = Spread.of(monitor.stream().map(r -> r.perSecond() / decodingRate.median()).toList());
        Spread toPlain = Spread.of(monitor.stream().map(r -> r.perSecond() / plainRate.median()).toList());
        Spread cpuToDecoding = Spread.of(monitor.stream().map(r -> r.perCpuSecond()
                / Spread.of(decoding.stream().map(Rate::perCpuSecond).toList()).median()).toList());
        BenchResults.row(BENCHMARK, "plain `KafkaConsumer`, bytes only (" + size + ")", plainRate, "events/s",
                "anchor", loadBefore);
        BenchResults.row(BENCHMARK, "plain `KafkaConsumer` + JSON decoding", decodingRate, "events/s", "anchor",
                loadBefore);
        BenchResults.row(BENCHMARK, "monitor: decode + rules + alerts, per fifth of the stream", monitorRate,
                "events/s", BenchResults.ratio(toDecoding, "consumer + decoding") + "; "
                        + BenchResults.ratio(toPlain, "bytes only") + "; per CPU-second "
                        + BenchResults.ratio(cpuToDecoding, "consumer + decoding"),
                loadMonitor);
        BenchResults.row(BENCHMARK, "rule state after the stream (4 layers × " + BenchmarkTelemetry.EPOCHS
                + " epochs)", new Spread(stateMb * 1024 / BenchmarkTelemetry.RUNS, Double.NaN, Double.NaN, 1),
                "KB per run", "", BenchResults.load());
        BenchResults.note(BENCHMARK, String.format(java.util.Locale.ROOT, "CPU per event (this JVM, broker"
                + " included): monitor %s µs, consumer + decoding %s µs, bytes only %s µs; garbage collection"
                + " (collectors' own time) %.0f %% of the monitor's wall time, %.0f %% of consumer + decoding's",
                BenchResults.num(1e6 / Spread.of(monitor.stream().map(Rate::perCpuSecond).toList()).median()),
                BenchResults.num(1e6 / Spread.of(decoding.stream().map(Rate::perCpuSecond).toList()).median()),
                BenchResults.num(1e6 / Spread.of(plain.stream().map(Rate::perCpuSecond).toList()).median()),
                100 * monitor.stream().mapToDouble(Rate::gcSeconds).sum()
                        / monitor.stream().mapToDouble(Rate::seconds).sum(),
                100 * decoding.stream().mapToDouble(Rate::gcSeconds).sum()
                        / decoding.stream().mapToDouble(Rate::seconds).sum()));
        // JFR's execution samples see only Java threads: the JIT compiler's share of the CPU is reported here
        BenchResults.note(BENCHMARK, String.format(java.util.Locale.ROOT, "JIT compilation (time the compiler"
                + " threads spent compiling, elapsed, not in the execution samples) as a share of the JVM's CPU time:"
                + " %.0f %% during the monitor's pass, %.0f %% during consumer + decoding",
                jitShare(monitor), jitShare(decoding)));
        // the cold pass is context: what the warm-up keeps out of the figures
        Spread coldRate = Spread.of(warmUp.stream().map(Rate::perSecond).toList());
        BenchResults.note(BENCHMARK, String.format(java.util.Locale.ROOT, "the monitor's warm-up pass (cold, not"
                + " in the figures): %s events/s per fifth (%s … %s), CPU per event %s µs, JIT %.0f %% of the CPU",
                BenchResults.num(coldRate.median()), BenchResults.num(coldRate.min()),
                BenchResults.num(coldRate.max()),
                BenchResults.num(1e6 / Spread.of(warmUp.stream().map(Rate::perCpuSecond).toList()).median()),
                jitShare(warmUp)));
        for (String line : profile) {
            BenchResults.note(BENCHMARK, "profile of the monitor's timed pass (JFR): " + line);
        }
        assertThat(runs).isEqualTo(2 * BenchmarkTelemetry.RUNS);
    }

    private static double jitShare(List<Rate> rates) {
        return 100 * rates.stream().mapToDouble(Rate::jitSeconds).sum()
                / rates.stream().mapToDouble(Rate::cpuSeconds).sum();
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Wall-clock and CPU rate of one phase; CPU time is this JVM's (broker included), robust to other load. */
    record Rate(long events, double seconds, double cpuSeconds, double gcSeconds, double jitSeconds) {
        double perSecond() {
            return events / seconds;
        }

        double perCpuSecond() {
            return events / cpuSeconds;
        }
    }

    private static void print(String what, Rate rate) {
        System.out.printf("%-40s %,12.0f %,22.0f%n", what, rate.events() / rate.seconds(),
                rate.events() / rate.cpuSeconds());
    }

    /** Time the JVM's collectors report for themselves (G1: pauses and concurrent cycles), in seconds. */
    private static double gcSeconds() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum() / 1e3;
    }

    /** Time the JIT compiler threads spent compiling, in seconds (summed over the threads). */
    private static double jitSeconds() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** Resumes the monitor and times it per fifth of what it processes until its positions add up to {@code end}. */
    private List<Rate> monitor(long end) {
        long before = processed();
        List<Rate> segments = new ArrayList<>();
        double cpu = cpuSeconds();
        double gc = gcSeconds();
        double jit = jitSeconds();
        long start = System.nanoTime();
        long done = before;
        channels.getPausable("telemetry").resume();
        for (int segment = 1; segment <= SEGMENTS; segment++) {
            long target = before + (end - before) * segment / SEGMENTS;
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> processed() >= target);
            long now = System.nanoTime();
            double cpuNow = cpuSeconds();
            double gcNow = gcSeconds();
            double jitNow = jitSeconds();
            long processed = processed();
            if (processed == done) {
                continue; // a batch larger than a fifth (smoke sizes) was already counted in the previous one
            }
            segments.add(new Rate(processed - done, (now - start) / 1e9, cpuNow - cpu, gcNow - gc,
                    jitNow - jit));
            done = processed;
            start = now;
            cpu = cpuNow;
            gc = gcNow;
            jit = jitNow;
        }
        return segments;
    }

    private long processed() {
        return processor.processedPositions().entrySet().stream()
                .filter(e -> BenchmarkProfile.INPUT.contains(e.getKey().topic()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Reads every record after {@code from} with a plain consumer, timed from the first record on. */
    private static Rate plainConsumer(Map<TopicPartition, Long> from, boolean decode) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<TopicPartition, Long> end = endOffsets();
        long total = sum(end) - sum(from);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.copyOf(end.keySet());
            consumer.assign(partitions);
            from.forEach(consumer::seek);
            long count = 0;
            long start = 0;
            double cpu = 0;
            double gc = 0;
            double jit = 0;
            long sink = 0;
            while (count < total) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (start == 0 && !records.isEmpty()) {
                    start = System.nanoTime();
                    cpu = cpuSeconds();
                    gc = gcSeconds();
                    jit = jitSeconds();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    count++;
                    if (decode) {
                        sink += decode(record).hashCode();
                    }
                }
            }
            blackhole = sink;
            return new Rate(count, (System.nanoTime() - start) / 1e9, cpuSeconds() - cpu, gcSeconds() - gc,
                    jitSeconds() - jit);
        }
    }

    private static Object decode(ConsumerRecord<String, byte[]> record) {
        return switch (record.topic()) {
            case BenchmarkProfile.METRICS -> EventJson.fromBytes(record.value(), EpochMetrics.class);
            case BenchmarkProfile.LAYERS -> EventJson.fromBytes(record.value(), LayerStats.class);
            default -> EventJson.fromBytes(record.value(), RunEvent.class);
        };
    }

    /**
     * Heap taken by one engine holding every benchmark run after all its epochs: the median of three
     * measurements around full GCs (other threads of this JVM allocate too).
     */
    private static double stateMegabytes() {
        double[] trials = new double[3];
        for (int trial = 0; trial < trials.length; trial++) {
            long before = usedHeapAfterGc();
            EngineFeed feed = new EngineFeed(RuleThresholds.defaults());
            BenchmarkTelemetry.generate(BenchmarkProfile.TIMED_RUNS, event -> feed.feed(event));
            long after = usedHeapAfterGc();
            RulesEngine engine = feed.engine();
            assertThat(engine.runCount()).isEqualTo(BenchmarkTelemetry.RUNS);
            trials[trial] = (after - before) / (1024.0 * 1024.0);
        }
        Arrays.sort(trials);
        return trials[1];
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Map<TopicPartition, Long> endOffsets() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, MonitorKafkaResource.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = BenchmarkProfile.INPUT.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                    .toList();
            return consumer.endOffsets(partitions);
        }
    }
}
