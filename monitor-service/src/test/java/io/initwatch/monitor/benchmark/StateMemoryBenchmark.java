package io.initwatch.monitor.benchmark;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.kafka.BenchResults;
import io.initwatch.events.RunEvent;
import io.initwatch.events.StatsPhase;
import io.initwatch.kafka.BenchResults.Spread;
import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.rules.RulesEngine;
import io.initwatch.monitor.testing.EngineFeed;
import io.initwatch.monitor.testing.TelemetryEvents;

/**
 * Heap per run held by the monitor's rules ({@link RulesEngine}, no Kafka) for 1,000 concurrent runs of 100
 * layers × 500 epochs, all still running (no FINISHED): per epoch a metrics record, an end-of-epoch snapshot of
 * every layer and a progress event, after the run's config and pre-flight snapshot. Heap after full GCs, before
 * and after, divided by the runs; the median over repetitions. {@code -Dbench.smoke=true}: 20 runs of 10 layers
 * × 20 epochs. Run with {@code ./bench.sh --only memory}. Asserts only that every run is tracked.
 */
@Tag("benchmark")
class StateMemoryBenchmark {
    private static final int RUNS = BenchResults.SMOKE ? 20 : 1_000;
    private static final int LAYERS = BenchResults.SMOKE ? 10 : 100;
    private static final int EPOCHS = BenchResults.SMOKE ? 20 : 500;
    private static final double GOAL_KB = 50;

    @Test
    void heapPerRunOfTheRules() {
        int repetitions = BenchResults.repetitions(3);
        double load = BenchResults.load();
        List<Double> kbPerRun = new ArrayList<>();
        for (int trial = 0; trial < repetitions; trial++) {
            long before = usedHeapAfterGc();
            EngineFeed feed = new EngineFeed(RuleThresholds.defaults());
            feedRuns(feed);
            long after = usedHeapAfterGc();
            assertThat(feed.engine().runCount()).isEqualTo(RUNS);
            kbPerRun.add((after - before) / 1024.0 / RUNS);
            System.out.printf(Locale.ROOT, "rules state, trial %d: %.1f KB per run%n", trial + 1,
                    kbPerRun.get(trial));
        }
        Spread spread = Spread.of(kbPerRun);
        Spread toGoal = Spread.of(kbPerRun.stream().map(kb -> kb / GOAL_KB).toList());
        BenchResults.row("Memory per run", String.format(Locale.ROOT,
                "monitor rules (`RulesEngine`), %,d concurrent runs of %d layers × %d epochs, heap after GC", RUNS,
                LAYERS, EPOCHS), spread, "KB per run", BenchResults.ratio(toGoal, "the 50 KB goal"), load);
    }

    private static void feedRuns(EngineFeed feed) {
        for (int run = 0; run < RUNS; run++) {
            String id = "mem-run-" + run;
            feed.feed(TelemetryEvents.started(config(id, 2, LAYERS - 1, 64, "relu", "he-normal", 3)));
            feed.feed(snapshot(id, StatsPhase.PREFLIGHT, 0, LAYERS, i -> layer(i, i == LAYERS - 1 ? "softmax" : "relu")));
        }
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            for (int run = 0; run < RUNS; run++) {
                String id = "mem-run-" + run;
                double loss = run % 20 == 1 ? 1.0986 : 0.05 + 1.0 * Math.pow(0.995, epoch);
                feed.feed(metrics(id, epoch, loss, loss + 0.02));
                double g = 0.1 + 0.001 * (epoch % 7);
                feed.feed(snapshot(id, StatsPhase.EPOCH, epoch, LAYERS,
                        i -> layer(i, i == LAYERS - 1 ? "softmax" : "relu").gradient(g + 0.001 * i)));
                feed.feed(RunEvent.progress(id, null, epoch, EPOCHS, TelemetryEvents.T0 + epoch * 1000L));
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
