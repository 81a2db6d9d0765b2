package io.initwatch.dashboard.stream;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.kafka.BenchResults;
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

    /**
     * Heap after GC per run of 100 layers × 500 epochs (end-of-epoch snapshots and metrics, all under the caps),
     * the median over repetitions; and what that makes of the caps in bytes (500 runs of up to 1,000 snapshots
     * per phase). Fewer concurrent runs than the monitor's 1,000 (20 in full mode): the history keeps every
     * snapshot, so 1,000 such runs would not fit in a test JVM; the figure is per run either way.
     * {@code -Dbench.smoke=true}: 10 runs of 10 layers × 20 epochs.
     */
    @Test
    void heapPerRun() {
        int runCount = BenchResults.SMOKE ? 10 : 20;
        int layers = BenchResults.SMOKE ? 10 : 100;
        int epochs = BenchResults.SMOKE ? 20 : 500;
        int repetitions = BenchResults.repetitions(3);
        double load = BenchResults.load();
        List<Double> kbPerRun = new ArrayList<>();
        for (int trial = 0; trial < repetitions; trial++) {
            long before = usedHeapAfterGc();
            Caps caps = new Caps(500, 5000, 1000, 500, 5000);
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
            System.out.printf("history, trial %d: %.1f KB per run%n", trial + 1, kbPerRun.get(trial));
        }
        BenchResults.Spread spread = BenchResults.Spread.of(kbPerRun);
        BenchResults.row("Memory per run", String.format("dashboard history (`HistoryStore`), %d concurrent runs of"
                + " %d layers × %d epochs, heap after GC", runCount, layers, epochs), spread, "KB per run", "", load);
        double perSnapshotKb = spread.median() / epochs;
        BenchResults.note("Memory per run", String.format(java.util.Locale.ROOT, "the dashboard's caps in bytes: "
                + "%.1f KB per %d-layer end-of-epoch snapshot (with its metrics point), so a run at the cap of 1,000"
                + " snapshots takes about %.0f MB, and the default 500 runs at that cap about %.1f GB; the caps count"
                + " snapshots, not bytes, so a wider net costs proportionally more", perSnapshotKb, layers,
                perSnapshotKb * 1000 / 1024, perSnapshotKb * 1000 * 500 / 1024 / 1024));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void ingestManyRuns() throws Exception {
        Caps caps = new Caps(500, 5000, 1000, 500, 20000);
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
