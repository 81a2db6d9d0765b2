package io.initwatch.trainer.training;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.trainer.run.RunRequest;
import io.initwatch.trainer.telemetry.TelemetrySink;

/**
 * What per-layer telemetry costs in training wall time. Not part of the build (the class name does not end in
 * Test); run it with
 * {@code ./mvnw -B -o -pl trainer-service test -Dtest=TelemetryOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Prints figures; asserts nothing, because wall time on a shared machine is not a pass/fail property. Wall
 * time swings with other load on the machine, so the training thread's CPU time is printed too, and ratios are
 * taken per round (runs next to each other share the same load) before the median.
 */
@Tag("benchmark")
class TelemetryOverheadBenchmark {

    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);
    /** The service defaults (application.properties). */
    private static final int DEFAULT_EVERY = 20;
    private static final int DEFAULT_PROBE_BATCH = 32;

    @Test
    void telemetryOnVersusOff() {
        // The service's default run: spirals 600, 30 x 32 ReLU, He, SGD, batch 32, 20 epochs (300 updates).
        RunRequest request = new RunRequest("benchmark", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        RunPlan plan = TrainerTest.plan(request);
        TrainingSettings off = new TrainingSettings(DEFAULT_EVERY, DEFAULT_PROBE_BATCH, 0, false);
        TrainingSettings atDefault = new TrainingSettings(DEFAULT_EVERY, DEFAULT_PROBE_BATCH, 0, true);
        TrainingSettings every1 = new TrainingSettings(1, DEFAULT_PROBE_BATCH, 0, true);

        time(plan, atDefault);
        time(plan, off);
        List<long[]> offRuns = new ArrayList<>();
        List<long[]> atDefaultRuns = new ArrayList<>();
        List<long[]> every1Runs = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            offRuns.add(time(plan, off));
            atDefaultRuns.add(time(plan, atDefault));
            every1Runs.add(time(plan, every1));
        }
        System.out.printf(Locale.ROOT, "%nTelemetry overhead: %s, 300 updates, %d rounds (off, every %d, every 1 in turn)%n",
                plan.name(), ROUNDS, DEFAULT_EVERY);
        System.out.printf(Locale.ROOT, "%-28s %14s %14s %22s %22s%n", "", "median wall ms", "median cpu ms",
                "wall ratio (per round)", "cpu ratio (per round)");
        report("telemetry off", offRuns, offRuns);
        report("telemetry every " + DEFAULT_EVERY + " updates", atDefaultRuns, offRuns);
        report("telemetry every update", every1Runs, offRuns);
        System.out.println();
    }

    private static void report(String label, List<long[]> runs, List<long[]> baseline) {
        List<Double> wallRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            wallRatios.add((double) runs.get(i)[0] / baseline.get(i)[0]);
            cpuRatios.add((double) runs.get(i)[1] / baseline.get(i)[1]);
        }
        System.out.printf(Locale.ROOT, "%-28s %14d %14d %22.3f %22.3f%n", label,
                median(runs.stream().map(r -> (double) r[0]).toList()).longValue(),
                median(runs.stream().map(r -> (double) r[1]).toList()).longValue(),
                median(wallRatios), median(cpuRatios));
    }

    /** {wall ms, cpu ms of this thread}: with one native thread all of DL4J's work runs on the caller. */
    private static long[] time(RunPlan plan, TrainingSettings settings) {
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        new Trainer(settings).train("benchmark", null, plan, new SerializingSink(), () -> false);
        return new long[] { (System.nanoTime() - started) / 1_000_000,
                (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000 };
    }

    private static Double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Pays what the Kafka edge pays on the training thread (JSON encoding), then drops the bytes. */
    private static final class SerializingSink implements TelemetrySink {
        long bytes;

        @Override
        public void runEvent(RunEvent event) {
            bytes += EventJson.toBytes(event).length;
        }

        @Override
        public void epochMetrics(EpochMetrics metrics) {
            bytes += EventJson.toBytes(metrics).length;
        }

        @Override
        public void layerStats(LayerStats stats) {
            bytes += EventJson.toBytes(stats).length;
        }
    }
}
