package io.initwatch.monitor.testing;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static io.initwatch.monitor.testing.TelemetryEvents.started;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.StatsPhase;

/**
 * Whole runs as a trainer publishes them (run started, pre-flight snapshot, then per epoch: metrics, an
 * end-of-epoch snapshot and progress; then finished), with the numbers each initialization really produces,
 * and the alert rules each must raise.
 */
public final class SyntheticRuns {

    /** @param expectedRules the {@code rule} of every alert the run must raise, nothing more */
    public record SyntheticRun(String runId, List<Object> events, Set<String> expectedRules) {
    }

    private SyntheticRuns() {
    }

    /** 8 ReLU layers of 32 with He: activations keep std ≈ 1, loss falls smoothly, validation follows. */
    public static SyntheticRun healthyHeRelu(String runId) {
        int hidden = 8;
        RunConfig config = config(runId, 2, hidden, 32, "relu", "he-normal", 2);
        return run(config, 12,
                epoch -> 0.1 + 0.6 * Math.pow(0.75, epoch - 1),
                epoch -> 0.13 + 0.6 * Math.pow(0.75, epoch - 1),
                (phase, epoch) -> i -> layer(i, i == hidden ? "softmax" : "relu")
                        .activationStd(1.0 - 0.01 * i).gradient(0.08 + 0.01 * i),
                Set.of());
    }

    /** 4 tanh layers of 16 with Glorot: std drifts gently, few saturated units. */
    public static SyntheticRun healthyGlorotTanh(String runId) {
        int hidden = 4;
        RunConfig config = config(runId, 4, hidden, 16, "tanh", "xavier-normal", 3);
        return run(config, 10,
                epoch -> 0.15 + 0.95 * Math.pow(0.7, epoch - 1),
                epoch -> 0.2 + 0.95 * Math.pow(0.7, epoch - 1),
                (phase, epoch) -> i -> layer(i, i == hidden ? "softmax" : "tanh")
                        .activationStd(0.65 - 0.05 * i).saturated(0.02).gradient(0.05 + 0.02 * i),
                Set.of());
    }

    /** Zeros everywhere with ReLU: outputs all 0, hidden gradients 0 forever, loss stuck at ln 2. */
    public static SyntheticRun zeros(String runId) {
        int hidden = 3;
        RunConfig config = config(runId, 2, hidden, 32, "relu", "zeros", 2);
        return run(config, 8,
                epoch -> 0.6931 - 0.00001 * epoch,
                epoch -> 0.6932,
                (phase, epoch) -> i -> layer(i, i == hidden ? "softmax" : "relu")
                        .weights(0.0, 0.0).activationStd(0.0).zeroFraction(1.0)
                        .unitSpread(0.0).gradient(0.0).updateRatio(Double.NaN),
                Set.of("symmetric-weights", "flat-loss"));
    }

    /**
     * N(0,1) in 20 ReLU layers of 32: every layer multiplies the std by √(32/2) = 4, gradients are huge before
     * the first update, and the first epoch ends in NaN.
     */
    public static SyntheticRun standardNormalDeepRelu(String runId) {
        int hidden = 20;
        RunConfig config = config(runId, 2, hidden, 32, "relu", "standard-normal", 2);
        List<Object> events = new ArrayList<>();
        events.add(started(config));
        events.add(snapshot(runId, StatsPhase.PREFLIGHT, 0, hidden + 1,
                i -> layer(i, i == hidden ? "softmax" : "relu").weights(32.0, 1.0)
                        .activationStd(Math.pow(4, Math.min(i, hidden - 1)))
                        .gradient(Math.pow(4, hidden - i) * 0.5)));
        events.add(metrics(runId, 1, Double.NaN, Double.NaN));
        events.add(snapshot(runId, StatsPhase.EPOCH, 1, hidden + 1,
                i -> layer(i, i == hidden ? "softmax" : "relu").weights(Double.NaN, Double.NaN)
                        .activationStd(Double.NaN).gradient(Double.NaN).updateRatio(Double.NaN)));
        events.add(RunEvent.ended(RunEventType.FAILED, runId, null, 1, 20, "loss is NaN", TelemetryEvents.T0 + 5000));
        return new SyntheticRun(runId, events, Set.of("init-mismatch", "variance-not-preserved",
                "exploding-gradients", "non-finite-loss", "non-finite-validation-loss", "non-finite-gradients",
                "non-finite-weights"));
    }

    /**
     * 30 ReLU layers of 64 with σ² = 1/n_in: each layer halves the variance, early gradients are 1e-6× the
     * last layer's, the loss stays flat.
     */
    public static SyntheticRun lecunDeepRelu(String runId) {
        int hidden = 30;
        RunConfig config = config(runId, 2, hidden, 64, "relu", "lecun-normal", 2);
        return run(config, 8,
                epoch -> 0.6931 - 0.0004 * epoch,
                epoch -> 0.6935 - 0.0003 * epoch,
                (phase, epoch) -> i -> layer(i, i == hidden ? "softmax" : "relu")
                        .activationStd(0.7 * Math.pow(Math.sqrt(0.5), Math.min(i, hidden - 1)))
                        .gradient(0.2 * Math.pow(10, -6.0 * (hidden - i) / hidden))
                        .updateRatio(1e-3 * Math.pow(10, -6.0 * (hidden - i) / hidden)),
                Set.of("init-mismatch", "variance-not-preserved", "vanishing-gradients", "flat-loss",
                        "update-ratio"));
    }

    /** He + ReLU, but the loss is NaN from the first epoch (learning rate 10): only the non-finite alerts. */
    public static SyntheticRun nanFromStart(String runId) {
        int hidden = 3;
        RunConfig base = config(runId, 2, hidden, 32, "relu", "he-normal", 2);
        RunConfig config = new RunConfig(base.runId(), null, base.runName(), base.dataset(), base.inputSize(),
                base.outputSize(), base.layers(), "sgd", 10.0, 32, 20, 42, "mcxent", "synthetic", base.tags());
        List<Object> events = new ArrayList<>();
        events.add(started(config));
        events.add(snapshot(runId, StatsPhase.PREFLIGHT, 0, hidden + 1,
                i -> layer(i, i == hidden ? "softmax" : "relu")));
        for (int epoch = 1; epoch <= 3; epoch++) {
            events.add(metrics(runId, epoch, Double.NaN, Double.NaN));
            events.add(snapshot(runId, StatsPhase.EPOCH, epoch, hidden + 1,
                    i -> layer(i, i == hidden ? "softmax" : "relu").gradient(Double.NaN)
                            .weights(Double.NaN, Double.NaN).updateRatio(Double.NaN).activationStd(Double.NaN)));
        }
        events.add(RunEvent.ended(RunEventType.FAILED, runId, null, 3, 20, "loss is NaN", TelemetryEvents.T0 + 9000));
        return new SyntheticRun(runId, events, Set.of("non-finite-loss", "non-finite-validation-loss",
                "non-finite-gradients", "non-finite-weights"));
    }

    /** He + ReLU learning well, but validation loss turns up after epoch 4 while training loss keeps falling. */
    public static SyntheticRun overfitting(String runId) {
        int hidden = 6;
        RunConfig config = config(runId, 2, hidden, 128, "relu", "he-normal", 2);
        return run(config, 12,
                epoch -> 0.02 + 0.67 * Math.pow(0.6, epoch - 1),
                epoch -> epoch <= 4 ? 0.3 + 0.4 * Math.pow(0.5, epoch - 1) : 0.35 + 0.04 * (epoch - 4),
                (phase, epoch) -> i -> layer(i, i == hidden ? "softmax" : "relu").gradient(0.1),
                Set.of("overfitting"));
    }

    /** Per phase and epoch, the builder of layer i. */
    @FunctionalInterface
    interface LayerProfile {
        IntFunction<TelemetryEvents.Layer> at(StatsPhase phase, int epoch);
    }

    private static SyntheticRun run(RunConfig config, int epochs, IntToDoubleFunction train,
            IntToDoubleFunction validation, LayerProfile layers, Set<String> expected) {
        String runId = config.runId();
        int count = config.layers().size();
        List<Object> events = new ArrayList<>();
        events.add(started(config));
        events.add(snapshot(runId, StatsPhase.PREFLIGHT, 0, count, layers.at(StatsPhase.PREFLIGHT, 0)));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            events.add(metrics(runId, epoch, train.applyAsDouble(epoch), validation.applyAsDouble(epoch)));
            events.add(snapshot(runId, StatsPhase.EPOCH, epoch, count, layers.at(StatsPhase.EPOCH, epoch)));
            events.add(RunEvent.progress(runId, null, epoch, epochs, TelemetryEvents.T0 + epoch * 1000L + 2));
        }
        events.add(RunEvent.ended(RunEventType.FINISHED, runId, null, epochs, epochs, "all epochs done",
                TelemetryEvents.T0 + epochs * 1000L + 3));
        return new SyntheticRun(runId, events, expected);
    }

    public static List<SyntheticRun> all(String prefix) {
        return List.of(healthyHeRelu(prefix + "-healthy-he-relu"), healthyGlorotTanh(prefix + "-healthy-glorot-tanh"),
                zeros(prefix + "-zeros"), standardNormalDeepRelu(prefix + "-n01-deep-relu"),
                lecunDeepRelu(prefix + "-lecun-deep-relu"), nanFromStart(prefix + "-nan-from-start"),
                overfitting(prefix + "-overfitting"));
    }
}
