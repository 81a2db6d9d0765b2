package io.initwatch.bench.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initwatch.bench.corpus.Recording;
import io.initwatch.events.Activation;
import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.StatsPhase;

/**
 * SageMaker Debugger's built-in rules at their published default parameters, evaluated on the same recordings.
 * Debugger reads raw tensors; the contract carries per-layer summaries, so three quantities are derived (and said
 * so in {@code docs/diagnosis-benchmark.md}): the mean absolute gradient of a layer as √(2/π)·‖g‖/√n (exact for
 * Gaussian gradients), the 5th–95th percentile range of its gradient as 3.29·‖g‖/√n, and "inactive ReLU units"
 * from the fraction of zero activations (a layer with z ≥ 0.75 zeros has ≥ 50 % units that never fire when the
 * live ones fire half of the time). Each rule reports once per run, as Debugger's rule status turns to
 * "IssuesFound" once. Debugger has no severities and names no causes beyond the rule itself.
 */
public final class SageMakerDebuggerRules implements Detector {
    static final double VANISHING_MEAN_ABS_GRADIENT = 1e-7;
    static final double POOR_INIT_VARIANCE_RATIO = 10;
    static final double POOR_INIT_DISTRIBUTION_RANGE = 1e-3;
    static final int POOR_INIT_STEPS = 10;
    static final int LOSS_NUM_STEPS = 10;
    static final double LOSS_DIFF_PERCENT = 0.1;
    static final double DEAD_RELU_LAYER_FRACTION = 0.5;
    static final double SATURATED_LAYER_FRACTION = 0.5;
    static final double WEIGHT_UPDATE_LARGE = 10;
    static final double WEIGHT_UPDATE_SMALL = 1e-8;
    static final double OVERFIT_RATIO = 0.1;

    @Override
    public String name() {
        return "SageMaker Debugger (defaults)";
    }

    @Override
    public List<Detection> detect(Recording recording) {
        Map<String, Detection> fired = new LinkedHashMap<>();
        Map<Integer, LayerSpec> specs = new HashMap<>();
        List<EpochMetrics> losses = new ArrayList<>();
        for (Object event : recording.events()) {
            if (event instanceof RunEvent e && e.config() != null) {
                e.config().layers().forEach(l -> specs.put(l.index(), l));
            } else if (event instanceof EpochMetrics m) {
                onMetrics(m, losses, fired);
            } else if (event instanceof LayerStats s) {
                onLayers(s, specs, fired);
            }
        }
        return List.copyOf(fired.values());
    }

    private static void onMetrics(EpochMetrics m, List<EpochMetrics> losses, Map<String, Detection> fired) {
        if (!Double.isFinite(m.trainLoss())) {
            fire(fired, "ExplodingTensor", m.epoch(), m.iteration(), Cause.EXPLODING);
        }
        // LossNotDecreasing compares the loss with the one num_steps steps earlier
        for (int i = losses.size() - 1; i >= 0; i--) {
            EpochMetrics earlier = losses.get(i);
            if (m.iteration() - earlier.iteration() >= LOSS_NUM_STEPS) {
                if (Double.isFinite(earlier.trainLoss()) && Double.isFinite(m.trainLoss())
                        && m.trainLoss() > earlier.trainLoss() * (1 - LOSS_DIFF_PERCENT / 100)) {
                    fire(fired, "LossNotDecreasing", m.epoch(), m.iteration(), null);
                }
                break;
            }
        }
        losses.add(m);
        if (m.validationLoss() != null && Double.isFinite(m.validationLoss()) && m.trainLoss() > 0
                && (m.validationLoss() - m.trainLoss()) / m.trainLoss() > OVERFIT_RATIO) {
            fire(fired, "Overfit", m.epoch(), m.iteration(), Cause.OVERFITTING);
        }
    }

    private static void onLayers(LayerStats s, Map<Integer, LayerSpec> specs, Map<String, Detection> fired) {
        int last = s.layers().stream().mapToInt(LayerStat::index).max().orElse(-1);
        double minVariance = Double.POSITIVE_INFINITY;
        double maxVariance = 0;
        for (LayerStat l : s.layers()) {
            Double g = l.gradientNorm();
            LayerSpec spec = specs.get(l.index());
            if (g != null && !Double.isFinite(g) || l.weightNorm() != null && !Double.isFinite(l.weightNorm())) {
                fire(fired, "ExplodingTensor", s.epoch(), s.iteration(), Cause.EXPLODING);
            }
            if (g != null && Double.isFinite(g) && spec != null) {
                double perElement = g / Math.sqrt((double) spec.nIn() * spec.nOut());
                if (Math.sqrt(2 / Math.PI) * perElement < VANISHING_MEAN_ABS_GRADIENT) {
                    fire(fired, "VanishingGradient", s.epoch(), s.iteration(), Cause.VANISHING);
                }
                if (early(s) && 3.29 * perElement < POOR_INIT_DISTRIBUTION_RANGE) {
                    fire(fired, "PoorWeightInitialization", s.epoch(), s.iteration(), null);
                }
            }
            if (l.index() != last && l.activationStd() != null && Double.isFinite(l.activationStd())) {
                double variance = l.activationStd() * l.activationStd();
                minVariance = Math.min(minVariance, variance);
                maxVariance = Math.max(maxVariance, variance);
            }
            Activation.Family family = Activation.parse(l.activation()).map(Activation::family).orElse(null);
            if (l.index() != last && family == Activation.Family.RELU && l.zeroFraction() != null
                    && 2 * l.zeroFraction() - 1 > DEAD_RELU_LAYER_FRACTION) {
                fire(fired, "DeadRelu", s.epoch(), s.iteration(), null);
            }
            if (l.index() != last && family == Activation.Family.SATURATING && l.saturatedFraction() != null
                    && l.saturatedFraction() > SATURATED_LAYER_FRACTION) {
                fire(fired, "SaturatedActivation", s.epoch(), s.iteration(), null);
            }
            if (l.updateRatio() != null && s.phase() != StatsPhase.PREFLIGHT
                    && (l.updateRatio() > WEIGHT_UPDATE_LARGE || l.updateRatio() < WEIGHT_UPDATE_SMALL)) {
                fire(fired, "WeightUpdateRatio", s.epoch(), s.iteration(), null);
            }
        }
        if (early(s) && maxVariance > 0 && (minVariance == 0 || maxVariance / minVariance > POOR_INIT_VARIANCE_RATIO)) {
            fire(fired, "PoorWeightInitialization", s.epoch(), s.iteration(), null);
        }
    }

    private static boolean early(LayerStats s) {
        return s.iteration() <= POOR_INIT_STEPS;
    }

    private static void fire(Map<String, Detection> fired, String rule, int epoch, Long iteration, Cause cause) {
        fired.putIfAbsent(rule, new Detection(rule, true, false, epoch, iteration, cause,
                rule.equals("PoorWeightInitialization"), null));
    }
}
