package io.initwatch.dashboard.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.dashboard.config.DashboardConfig;
import io.initwatch.kafka.BenchResults;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.WithDefault;
import io.initwatch.dashboard.support.SampleRun;
import io.initwatch.events.EventJson;
import io.initwatch.events.StatsPhase;

/**
 * Prints how fast the history takes events and how big the browser's payloads get, and how much heap a run's
 * history takes (reported to {@code ./bench.sh}, {@link BenchResults}). Asserts nothing on time, so it is left
 * out of the default build: {@code ./bench.sh --only memory} or {@code ./mvnw -pl dashboard test -Dgroups=benchmark}.
 */
@Tag("benchmark")
class HistoryStoreBenchmark {
    private static final int RUNS = 200;
    private static final int EPOCHS = 200;
    /** The default of {@code max-bytes}, read from its declaration. */
    private static final String DEFAULT_MAX_BYTES_TEXT = defaultMaxBytes();
    private static final long DEFAULT_MAX_BYTES = new MemorySizeConverter().convert(DEFAULT_MAX_BYTES_TEXT)
            .asLongValue();

    private static String defaultMaxBytes() {
        try {
            return DashboardConfig.History.class.getMethod("maxBytes").getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Heap after GC per run of 100 layers × 500 epochs (end-of-epoch snapshots and metrics, all under the caps),
     * the median over repetitions, against the history's own estimate of it ({@link RetainedSize}, which the byte
     * cap {@code max-bytes} counts), and how many such runs the default cap holds. Fewer concurrent runs than the
     * monitor's 1,000 (20 in full mode): the history keeps every snapshot, so 1,000 such runs would not fit in a
     * test JVM; the figure is per run either way. {@code -Dbench.smoke=true}: 10 runs of 10 layers × 20 epochs.
     */
    @Test
    void heapPerRun() {
        int runCount = BenchResults.SMOKE ? 10 : 20;
        int layers = BenchResults.SMOKE ? 10 : 100;
        int epochs = BenchResults.SMOKE ? 20 : 500;
        int repetitions = BenchResults.repetitions(3);
        double load = BenchResults.load();
        List<Double> kbPerRun = new ArrayList<>();
        List<Double> measuredToEstimate = new ArrayList<>();
        double estimatedKbPerRun = 0;
        for (int trial = 0; trial < repetitions; trial++) {
            long before = usedHeapAfterGc();
            // A replay buffer of one update: the live feed's last updates are not history, and would be counted
            // here as if they were (5,000 of them are about 5 MB per run of this test).
            Caps caps = new Caps(DEFAULT_MAX_BYTES, 5000, 1000, 500, 1);
            HistoryStore store = new HistoryStore(caps, new LiveFeed(caps));
            List<SampleRun> runs = new ArrayList<>();
            for (int i = 0; i < runCount; i++) {
                // layers - 1 hidden layers and the output layer
                runs.add(new SampleRun("exp-mem", "mem " + i, "relu", "he-normal", layers - 1, epochs));
                store.accept(runs.get(i).started());
            }
            for (int epoch = 1; epoch <= epochs; epoch++) {
                for (SampleRun run : runs) {
                    store.accept(run.typicalMetrics(epoch));
                    store.accept(run.layers(StatsPhase.EPOCH, epoch, 0.1, 0.98, 1.0));
                }
            }
            long after = usedHeapAfterGc();
            if (store.runs(null).size() != runCount) {
                throw new AssertionError("runs kept: " + store.runs(null).size());
            }
            kbPerRun.add((after - before) / 1024.0 / runCount);
            estimatedKbPerRun = store.retainedBytes() / 1024.0 / runCount;
            measuredToEstimate.add(kbPerRun.get(trial) / estimatedKbPerRun);
            System.out.printf("history, trial %d: %.1f KB per run, estimated %.1f KB%n", trial + 1,
                    kbPerRun.get(trial), estimatedKbPerRun);
        }
        BenchResults.Spread spread = BenchResults.Spread.of(kbPerRun);
        BenchResults.row("Memory per run", String.format("dashboard history (`HistoryStore`), %d concurrent runs of"
                + " %d layers × %d epochs, heap after GC", runCount, layers, epochs), spread, "KB per run",
                BenchResults.ratio(BenchResults.Spread.of(measuredToEstimate), String.format(Locale.ROOT,
                        "its estimate (%s KB, what `max-bytes` counts)", BenchResults.num(estimatedKbPerRun)))
                        + String.format(Locale.ROOT, "; %,d such runs fit the default %s",
                                (long) (DEFAULT_MAX_BYTES / 1024.0 / estimatedKbPerRun), DEFAULT_MAX_BYTES_TEXT), load);
        BenchResults.note("Memory per run", String.format(Locale.ROOT, "the dashboard's cap is in bytes"
                + " (`initwatch.dashboard.history.max-bytes`, default %s): %.1f KB of heap per %d-layer end-of-epoch"
                + " snapshot with its metrics point, so a run at the per-run cap of 1,000 snapshots takes about"
                + " %.0f MB and the default cap holds about %d of them", DEFAULT_MAX_BYTES_TEXT,
                spread.median() / epochs, layers, spread.median() / epochs * 1000 / 1024,
                (long) (DEFAULT_MAX_BYTES / 1024.0 / (spread.median() / epochs * 1000))));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void ingestManyRuns() throws Exception {
        Caps caps = new Caps(DEFAULT_MAX_BYTES, 5000, 1000, 500, 20000);
        LiveFeed feed = new LiveFeed(caps);
        HistoryStore store = new HistoryStore(caps, feed);
        List<SampleRun> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(new SampleRun("exp-bench", "bench " + i, "relu", i % 2 == 0 ? "he-normal" : "xavier-normal", 20, EPOCHS));
        }
        long events = 0;
        long start = System.nanoTime();
        for (SampleRun run : runs) {
            store.accept(run.started());
            events++;
        }
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            for (SampleRun run : runs) {
                store.accept(run.typicalMetrics(epoch));
                store.accept(run.layers(StatsPhase.EPOCH, epoch, 0.1, 0.8, 1.0));
                events += 2;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int listBytes = EventJson.mapper().writeValueAsBytes(store.runs(null)).length;
        int detailBytes = EventJson.mapper().writeValueAsBytes(store.run(runs.get(0).runId).orElseThrow()).length;
        System.out.printf("initwatch dashboard benchmark: %d events (%d runs × %d epochs, metrics + 21-layer stats)"
                + " applied and serialized for the stream in %.2f s = %.0f events/s; GET /api/runs %d KB,"
                + " GET /api/runs/{id} %d KB%n", events, RUNS, EPOCHS, seconds, events / seconds, listBytes / 1024,
                detailBytes / 1024);
    }
}
