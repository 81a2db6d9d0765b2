package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Cause;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;

/**
 * ‖ΔW‖/‖W‖ per update far below or above the healthy ~1e-3, per layer. "Too small" is judged in the first
 * {@code earlyEpochs} epochs only: a layer frozen by its initialization is frozen from the first updates, while a
 * network that has converged legitimately stops moving. "Too large" is instability whenever it happens.
 */
final class UpdateRatioRule implements Rule {
    static final String RULE = "update-ratio";
    static final String TOO_SMALL = "too-small";
    static final String TOO_LARGE = "too-large";

    private final RuleThresholds.UpdateRatio t;
    private final RuleThresholds.SymmetricWeights symmetry;
    private final RuleThresholds thresholds;

    UpdateRatioRule(RuleThresholds thresholds) {
        this.t = thresholds.updateRatio();
        this.symmetry = thresholds.symmetricWeights();
        this.thresholds = thresholds;
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        if (stats.phase() == StatsPhase.PREFLIGHT) {
            return;
        }
        boolean early = stats.epoch() <= t.earlyEpochs();
        List<Integer> small = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0;
        for (LayerStat layer : stats.layers()) {
            // a ratio over identical (e.g. zero) weights is the symmetry rule's business, and often 0/0
            if (!LayerFacts.finite(layer.updateRatio()) || LayerFacts.hasIdenticalWeights(layer, symmetry)) {
                continue;
            }
            double ratio = layer.updateRatio();
            if (ratio < t.min() && early) {
                small.add(layer.index());
                smallest = Math.min(smallest, ratio);
            } else if (ratio > t.max()) {
                large.add(layer.index());
                largest = Math.max(largest, ratio);
            }
        }
        if (!small.isEmpty() && !out.fired(RULE, TOO_SMALL)) {
            Cause cause = Causes.of(run, Causes.Symptom.SHRINKING, thresholds);
            out.raise(draft(stats, TOO_SMALL, small, smallest, Causes.symptomSeverity(cause))
                    .cause(cause)
                    .title("Updates too small in " + Fmt.layers(small) + " (‖ΔW‖/‖W‖ down to " + Fmt.num(smallest) + ")")
                    .diagnosis(seen(stats, small, "as low as " + Fmt.num(smallest), "below " + Fmt.num(t.min()))
                            + " These layers are barely changing this early in training (epochs 1–" + t.earlyEpochs()
                            + " are judged). " + RunAdvice.probableCause(run, cause, thresholds))
                    .recommendation(RunAdvice.fix(run, cause, small, LayerFacts.activations(stats), thresholds)));
        }
        if (!large.isEmpty() && !out.fired(RULE, TOO_LARGE)) {
            Cause cause = Causes.of(run, Causes.Symptom.UNSTABLE, thresholds);
            out.raise(draft(stats, TOO_LARGE, large, largest, Causes.symptomSeverity(cause))
                    .cause(cause)
                    .title("Updates too large in " + Fmt.layers(large) + " (‖ΔW‖/‖W‖ up to " + Fmt.num(largest) + ")")
                    .diagnosis(seen(stats, large, "up to " + Fmt.num(largest), "above " + Fmt.num(t.max()))
                            + " Each step rewrites a large part of the weights: training is unstable. "
                            + RunAdvice.probableCause(run, cause, thresholds))
                    .recommendation(RunAdvice.fix(run, cause, large, LayerFacts.activations(stats), thresholds)));
        }
    }

    private String seen(LayerStats stats, List<Integer> layers, String value, String limit) {
        return "In the " + stats.phase() + " snapshot (epoch " + stats.epoch() + ", iteration " + stats.iteration()
                + ") the update:weight ratio ‖ΔW‖/‖W‖ of " + Fmt.layers(layers) + " is " + value + ", " + limit
                + " (healthy is near 1e-3).";
    }

    private AlertDraft draft(LayerStats stats, String key, List<Integer> layers, double worst, Severity severity) {
        return AlertDraft.of(RULE, key, severity)
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .layers(layers)
                .evidence("worstUpdateRatio", worst)
                .evidence("min", t.min())
                .evidence("max", t.max())
                .evidence("earlyEpochs", t.earlyEpochs());
    }
}
