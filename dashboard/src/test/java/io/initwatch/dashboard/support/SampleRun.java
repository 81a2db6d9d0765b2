package io.initwatch.dashboard.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.initwatch.events.Alert;
import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RepairOf;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;

/** A run as the trainer would describe it: a deep MLP on spirals with one activation and one initializer. */
public final class SampleRun {
    public final String runId;
    public final String experimentId;
    /** The experiment's human name, as the trainer's POST /api/experiments puts it on every run; may be null. */
    public final String experimentName;
    public final String name;
    public final String activation;
    public final String weightInit;
    public final int hiddenLayers;
    public final int epochs;
    private final long t0 = System.currentTimeMillis();
    /** Set on a repair run: the run it repairs and that run's diagnosis, as the trainer puts it in the config. */
    private RepairOf repairOf;

    public SampleRun(String experimentId, String name, String activation, String weightInit, int hiddenLayers,
            int epochs) {
        this(experimentId, null, name, activation, weightInit, hiddenLayers, epochs);
    }

    public SampleRun(String experimentId, String experimentName, String name, String activation, String weightInit,
            int hiddenLayers, int epochs) {
        this.runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        this.experimentId = experimentId;
        this.experimentName = experimentName;
        this.name = name;
        this.activation = activation;
        this.weightInit = weightInit;
        this.hiddenLayers = hiddenLayers;
        this.epochs = epochs;
    }

    public static SampleRun named(String name, String weightInit) {
        return new SampleRun(null, name, "relu", weightInit, 5, 10);
    }

    /** Makes this a repair run of another (its config carries {@code repairOf}). */
    public SampleRun repairing(RepairOf original) {
        this.repairOf = original;
        return this;
    }

    public RunConfig config() {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < hiddenLayers; i++) {
            layers.add(new LayerSpec(i, "dense-" + i, "dense", activation, weightInit, null, i == 0 ? 2 : 32, 32));
        }
        layers.add(new LayerSpec(hiddenLayers, "output", "output", "softmax", weightInit, null, 32, 3));
        return new RunConfig(runId, experimentId, experimentName, name, "spirals", 2, 3, layers, "sgd", 0.01, 32, epochs, 42,
                "mcxent", "deeplearning4j 1.0.0-M2.1", Map.of(), null, repairOf);
    }

    public RunEvent started() {
        return RunEvent.started(config(), t0);
    }

    public RunEvent progress(int epoch) {
        return RunEvent.progress(runId, experimentId, epoch, epochs, t0 + epoch * 1000L);
    }

    public RunEvent finished() {
        return RunEvent.ended(RunEventType.FINISHED, runId, experimentId, epochs, epochs, "all epochs done",
                t0 + epochs * 1000L + 1);
    }

    /** Ended CANCELLED after {@code epoch} epochs, e.g. stopped by the monitor. */
    public RunEvent cancelled(int epoch, String reason) {
        return RunEvent.ended(RunEventType.CANCELLED, runId, experimentId, epoch, epochs, reason,
                t0 + epoch * 1000L + 900);
    }

    public EpochMetrics metrics(int epoch, double trainLoss, Double validationLoss, Double accuracy) {
        return new EpochMetrics(EpochMetrics.SCHEMA_VERSION, runId, experimentId, epoch, epoch * 15L, trainLoss,
                validationLoss, accuracy, accuracy, 120, t0 + epoch * 1000L);
    }

    /** A loss curve shaped by the initializer: zeros stays flat at ln 3, He learns. */
    public EpochMetrics typicalMetrics(int epoch) {
        double flat = Math.log(3);
        double loss = switch (weightInit) {
            case "zeros" -> flat;
            case "small-normal" -> flat - 0.002 * epoch;
            case "xavier-normal" -> flat * Math.exp(-0.04 * epoch);
            default -> 0.08 + (flat - 0.08) * Math.exp(-0.35 * epoch);
        };
        double accuracy = Math.min(0.99, (1.0 / 3) + (flat - loss) / flat * 0.66);
        return metrics(epoch, loss, loss * 1.05, accuracy);
    }

    public LayerStats layers(StatsPhase phase, int epoch, double inputGradient, double decayPerLayer,
            double activationStd) {
        return layers(phase, epoch, inputGradient, decayPerLayer, activationStd, 0);
    }

    /** As above, with the gradient of the first {@code zeroGradientLayers} layers exactly 0 (a dead input side). */
    public LayerStats layers(StatsPhase phase, int epoch, double inputGradient, double decayPerLayer,
            double activationStd, int zeroGradientLayers) {
        List<LayerStat> stats = new ArrayList<>();
        for (int i = 0; i <= hiddenLayers; i++) {
            double grad = i < zeroGradientLayers ? 0.0 : inputGradient * Math.pow(decayPerLayer, hiddenLayers - i);
            double std = activationStd * Math.pow(decayPerLayer, i);
            stats.add(new LayerStat(i, i == hiddenLayers ? "output" : "dense-" + i,
                    i == hiddenLayers ? "softmax" : activation, grad, grad / 10, 1.0, 0.0, 0.1, 1e-3, 0.0, std,
                    0.5, 0.0, 0.1));
        }
        return new LayerStats(LayerStats.SCHEMA_VERSION, runId, experimentId, phase, epoch, epoch * 15L, stats,
                t0 + epoch * 1000L + 500);
    }

    public Alert alert(String rule, Severity severity, int epoch, String title, String diagnosis,
            String recommendation) {
        return alert(rule, severity, epoch, title, diagnosis, recommendation, null);
    }

    public Alert alert(String rule, Severity severity, int epoch, String title, String diagnosis,
            String recommendation, Cause cause) {
        return new Alert(Alert.SCHEMA_VERSION, runId + ":" + rule, runId, experimentId, rule, severity, epoch, null,
                List.of(1, 2), title, diagnosis, recommendation, cause, Map.of("gradientNorm", 1e-9),
                t0 + epoch * 1000L + 700);
    }
}
