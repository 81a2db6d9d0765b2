package io.initwatch.trainer.training;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import io.initwatch.kafka.BenchResults;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.trainer.run.RunRequest;
import io.initwatch.trainer.telemetry.TelemetryListener;
import io.initwatch.trainer.telemetry.TelemetrySink;
import io.initwatch.kafka.BenchResults.Spread;
import io.initwatch.trainer.training.data.Dataset;
import io.initwatch.trainer.training.data.DatasetFactory;

/**
 * What per-layer telemetry costs in training wall time and training-thread CPU, against no listener at all and
 * against Deeplearning4j's own {@code StatsListener} into {@code InMemoryStatsStorage} at the same frequency.
 * Not part of the build (tagged "benchmark"); run it with {@code ./bench.sh --only trainer} or
 * {@code ./mvnw -B -o -pl trainer-service test -Dgroups=benchmark -Dtest=TelemetryOverheadBenchmark}.
 * Prints figures and reports them to {@code ./bench.sh} ({@link BenchResults}); asserts nothing, because time
 * on a shared machine is not a pass/fail property.
 *
 * <p>Every variant trains the same network on the same data in the same loop, a copy of {@link Trainer}'s
 * (shuffle, mini-batches, {@code fit}), without its per-epoch validation loss and accuracy, so the overheads
 * are relative to bare training: stricter than against the service's own loop. Our listener is driven as the
 * Trainer drives it (pre-flight, {@code beforeIteration}, {@code epochEnd}) and its events are JSON-encoded as
 * the Kafka edge does on the training thread. The variants run in turn within a round (order rotated per
 * round) and ratios are taken within a round before the median, so load from other processes falls on both
 * sides of a ratio alike.
 */
@Tag("benchmark")
class TelemetryOverheadBenchmark {
    private static final String BENCHMARK = "Trainer overhead";
    /** The service defaults (application.properties). */
    private static final int DEFAULT_EVERY = 20;
    private static final int DEFAULT_PROBE_BATCH = 32;

    private enum Listener { NONE, OURS, STATS_LISTENER }

    private record Variant(String label, Listener listener, int every) {
    }

    @Test
    void telemetryOnVersusOffVersusStatsListener() {
        int rounds = BenchResults.repetitions(5);
        // The service's default run: spirals 600, 30 x 32 ReLU, He, SGD, batch 32, 20 epochs (300 updates);
        // 2 epochs in smoke mode.
        RunRequest request = new RunRequest("benchmark", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, BenchResults.SMOKE ? 2 : null, null);
        RunPlan plan = TrainerTest.plan(request);
        Dataset data = DatasetFactory.load(plan.dataset());
        List<Variant> variants = List.of(
                new Variant("telemetry off", Listener.NONE, 0),
                new Variant("ours, every " + DEFAULT_EVERY + " updates (default)", Listener.OURS, DEFAULT_EVERY),
                new Variant("ours, every update", Listener.OURS, 1),
                new Variant("StatsListener, every " + DEFAULT_EVERY + " updates", Listener.STATS_LISTENER,
                        DEFAULT_EVERY),
                new Variant("StatsListener, every update", Listener.STATS_LISTENER, 1));

        double loadStart = BenchResults.load();
        for (Variant variant : variants) {
            time(plan, data, variant); // warm-up
        }
        // results[variant][round] = {wall ms, cpu ms}
        double[][][] results = new double[variants.size()][rounds][];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < variants.size(); k++) {
                int v = (k + round) % variants.size();
                results[v][round] = time(plan, data, variants.get(v));
            }
        }
        double load = (loadStart + BenchResults.load()) / 2;

        long updates = (long) plan.epochs() * ((data.train().numExamples() + plan.batchSize() - 1) / plan.batchSize());
        String what = String.format(Locale.ROOT, "%s, %d updates", plan.name(), updates);
        System.out.printf(Locale.ROOT, "%nTrainer overhead: %s, %d rounds, load average %.1f%n", what, rounds, load);
        for (int v = 0; v < variants.size(); v++) {
            Spread wall = column(results[v], 0);
            Spread cpu = column(results[v], 1);
            System.out.printf(Locale.ROOT, "%-36s wall %s   training-thread cpu %s%n", variants.get(v).label(),
                    wall.format("ms"), cpu.format("ms"));
            String ratio = switch (v) {
                case 0 -> "anchor";
                case 1, 2 -> ratios(results[v], results[0], "telemetry off");
                case 3 -> ratios(results[v], results[1], "ours every " + DEFAULT_EVERY);
                default -> ratios(results[v], results[2], "ours every update");
            };
            BenchResults.row(BENCHMARK, variants.get(v).label() + (v == 0 ? " (" + what + ")" : ""),
                    cpu.format("ms training-thread CPU") + "; wall " + BenchResults.num(wall.median()) + " ms", ratio,
                    load);
        }
        System.out.println();
    }

    private static Spread column(double[][] runs, int index) {
        List<Double> values = new ArrayList<>();
        for (double[] run : runs) {
            values.add(run[index]);
        }
        return Spread.of(values);
    }

    /** CPU and wall ratios taken round by round, then their median and spread. */
    private static String ratios(double[][] runs, double[][] anchor, String anchorName) {
        List<Double> cpu = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        for (int round = 0; round < runs.length; round++) {
            cpu.add(runs[round][1] / anchor[round][1]);
            wall.add(runs[round][0] / anchor[round][0]);
        }
        return "CPU " + BenchResults.ratio(Spread.of(cpu), anchorName) + "; wall "
                + BenchResults.ratio(Spread.of(wall), "").replace("**  (", "** (");
    }

    /** {wall ms, cpu ms of this thread}: with one native thread all of DL4J's work runs on the caller. */
    private static double[] time(RunPlan plan, Dataset data, Variant variant) {
        var threads = ManagementFactory.getThreadMXBean();
        BuiltModel model = MlpFactory.build(plan, data.inputSize(), data.outputSize(), data.task());
        MultiLayerNetwork network = model.network();
        DataSet train = data.train();
        long cpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        TelemetryListener ours = null;
        if (variant.listener() == Listener.OURS) {
            DataSet probe = (DataSet) train.getRange(0, Math.min(DEFAULT_PROBE_BATCH, train.numExamples()));
            ours = new TelemetryListener("benchmark", null, model.layers(), probe, variant.every(),
                    new SerializingSink());
            ours.preflight(network);
            network.setListeners(ours);
        } else if (variant.listener() == Listener.STATS_LISTENER) {
            network.setListeners(new StatsListener(new InMemoryStatsStorage(), variant.every()));
        }
        long iterations = 0;
        double sink = 0;
        for (int epoch = 1; epoch <= plan.epochs(); epoch++) {
            DataSet shuffled = train.copy();
            shuffled.shuffle(plan.seed() + epoch);
            List<DataSet> batches = shuffled.batchBy(plan.batchSize());
            for (int b = 0; b < batches.size(); b++) {
                if (ours != null) {
                    ours.beforeIteration(iterations, epoch - 1, b == batches.size() - 1);
                }
                network.fit(batches.get(b));
                iterations++;
                sink += network.score();
            }
            if (ours != null) {
                ours.epochEnd(epoch, iterations);
            }
        }
        double wallMs = (System.nanoTime() - started) / 1e6;
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        if (Double.isInfinite(sink)) {
            System.out.print(""); // keeps the scores used
        }
        return new double[] { wallMs, cpuMs };
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
