package io.initwatch.monitor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.StatsPhase;

/** Builds contract events the way a trainer publishes them, with healthy defaults a test then spoils. */
public final class TelemetryEvents {
    public static final long T0 = 1_790_000_000_000L;

    private TelemetryEvents() {
    }

    /** Input layer of {@code inputSize}, {@code hidden} layers of {@code width}, a softmax output layer. */
    public static RunConfig config(String runId, int inputSize, int hidden, int width, String activation,
            String weightInit, int outputSize) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < hidden; i++) {
            layers.add(new LayerSpec(i, "dense-" + i, "dense", activation, weightInit, null, i == 0 ? inputSize : width,
                    width));
        }
        layers.add(new LayerSpec(hidden, "output", "output", "softmax", weightInit, null, width, outputSize));
        return new RunConfig(runId, null, runId, "spirals", inputSize, outputSize, layers, "sgd", 0.01, 32, 20, 42,
                "mcxent", "synthetic", Map.of());
    }

    public static RunEvent started(RunConfig config) {
        return RunEvent.started(config, T0);
    }

    public static EpochMetrics metrics(String runId, int epoch, double trainLoss, Double validationLoss) {
        return new EpochMetrics(EpochMetrics.SCHEMA_VERSION, runId, null, epoch, epoch * 15L, trainLoss,
                validationLoss, null, null, 120, T0 + epoch * 1000L);
    }

    public static LayerStats stats(String runId, StatsPhase phase, int epoch, List<LayerStat> layers) {
        long iteration = phase == StatsPhase.PREFLIGHT ? 0 : epoch * 15L;
        return new LayerStats(LayerStats.SCHEMA_VERSION, runId, null, phase, epoch, iteration, layers,
                T0 + epoch * 1000L + 1);
    }

    public static Layer layer(int index, String activation) {
        return new Layer(index, activation);
    }

    /** One layer's numbers, healthy by default: ReLU-like half zero, gradient 0.1, update ratio 1e-3. */
    public static final class Layer {
        private final int index;
        private final String activation;
        private Double gradientNorm = 0.1;
        private Double weightNorm = 3.0;
        private Double weightStd = 0.25;
        private Double updateRatio = 1e-3;
        private Double activationStd = 1.0;
        private Double zeroFraction;
        private Double saturatedFraction;
        private static final double UNIT_SPREAD_PER_STD = 0.3;
        private Double unitSpread = UNIT_SPREAD_PER_STD;
        private boolean unitSpreadSet;

        Layer(int index, String activation) {
            this.index = index;
            this.activation = activation;
            boolean relu = activation.contains("relu");
            boolean saturating = activation.equals("tanh") || activation.equals("sigmoid");
            this.zeroFraction = relu ? 0.5 : 0.0;
            this.saturatedFraction = saturating ? 0.01 : 0.0;
        }

        public Layer gradient(Double v) {
            gradientNorm = v;
            return this;
        }

        public Layer weights(Double norm, Double std) {
            weightNorm = norm;
            weightStd = std;
            return this;
        }

        public Layer updateRatio(Double v) {
            updateRatio = v;
            return this;
        }

        /** Also scales the spread between units, as it does in a real layer, unless that was set. */
        public Layer activationStd(Double v) {
            activationStd = v;
            if (!unitSpreadSet && v != null) {
                unitSpread = UNIT_SPREAD_PER_STD * v;
            }
            return this;
        }

        public Layer zeroFraction(Double v) {
            zeroFraction = v;
            return this;
        }

        public Layer saturated(Double v) {
            saturatedFraction = v;
            return this;
        }

        public Layer unitSpread(Double v) {
            unitSpread = v;
            unitSpreadSet = true;
            return this;
        }

        public LayerStat build(StatsPhase phase) {
            Double ratio = phase == StatsPhase.PREFLIGHT ? null : updateRatio;
            return new LayerStat(index, "dense-" + index, activation, gradientNorm, gradientNorm == null ? null : gradientNorm / 10,
                    weightNorm, 0.0, weightStd, ratio, 0.4, activationStd, zeroFraction, saturatedFraction, unitSpread);
        }
    }

    /** A snapshot of every layer built by {@code layer(i)}, for layers 0..count-1. */
    public static LayerStats snapshot(String runId, StatsPhase phase, int epoch, int count,
            IntFunction<Layer> layer) {
        List<LayerStat> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(layer.apply(i).build(phase));
        }
        return stats(runId, phase, epoch, layers);
    }
}
