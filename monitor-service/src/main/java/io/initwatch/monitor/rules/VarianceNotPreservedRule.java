package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.initwatch.events.Cause;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;

/**
 * Poor initialization seen before the first update: the pre-flight activation std shrinks or grows layer
 * after layer ("the variance is not preserved").
 */
final class VarianceNotPreservedRule implements Rule {
    static final String RULE = "variance-not-preserved";
    private static final String ONCE = "preflight";

    private final RuleThresholds.VarianceNotPreserved t;
    private final RuleThresholds thresholds;

    VarianceNotPreservedRule(RuleThresholds thresholds) {
        this.t = thresholds.varianceNotPreserved();
        this.thresholds = thresholds;
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        if (stats.phase() != StatsPhase.PREFLIGHT || out.fired(RULE, ONCE)) {
            return;
        }
        int last = LayerFacts.lastIndex(stats);
        List<LayerStat> hidden = new ArrayList<>();
        for (LayerStat layer : stats.layers()) {
            if (layer.index() != last && LayerFacts.finite(layer.activationStd())) {
                hidden.add(layer);
            }
        }
        hidden.sort(Comparator.comparingInt(LayerStat::index));
        if (hidden.size() < t.minHiddenLayers()) {
            return;
        }
        LayerStat first = hidden.get(0);
        LayerStat deepest = hidden.get(hidden.size() - 1);
        // a zero first-layer std means identical units, the symmetry rule's diagnosis
        if (first.activationStd() <= 0) {
            return;
        }
        double drift = deepest.activationStd() / first.activationStd();
        boolean shrinking = drift < 1 / t.maxDrift();
        boolean growing = drift > t.maxDrift();
        if (!shrinking && !growing) {
            return;
        }
        double perLayer = Math.pow(drift, 1.0 / (deepest.index() - first.index()));
        List<Integer> layers = hidden.stream().map(LayerStat::index).toList();
        Cause cause = Causes.of(run, growing ? Causes.Symptom.GROWING : Causes.Symptom.SHRINKING, thresholds);
        // identical units drift as one: the symmetry rule's diagnosis, already raised from the config
        if (cause == Cause.SYMMETRY) {
            return;
        }
        out.raise(AlertDraft.of(RULE, ONCE, growing && cause.isInitialization() ? Severity.CRITICAL
                : Causes.symptomSeverity(cause))
                .cause(cause)
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .layers(layers)
                .title("Variance not preserved: activations " + (growing ? "explode" : "vanish") + " from layer "
                        + first.index() + " to layer " + deepest.index() + " before training starts")
                .diagnosis("Pre-flight activation std goes from " + Fmt.num(first.activationStd()) + " in layer "
                        + first.index() + " to " + Fmt.num(deepest.activationStd()) + " in layer " + deepest.index()
                        + " (×" + Fmt.num(perLayer) + " per layer, ×" + Fmt.num(drift) + " overall; limit "
                        + Fmt.num(t.maxDrift()) + "× either way): " + (growing
                                ? "signals and gradients explode; expect Infinity/NaN. "
                                : "signals and gradients vanish in the early layers; expect training stuck. ")
                        + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, layers, LayerFacts.activations(stats), thresholds))
                .evidence("firstLayerActivationStd", first.activationStd())
                .evidence("lastHiddenActivationStd", deepest.activationStd())
                .evidence("drift", drift)
                .evidence("perLayerFactor", perLayer));
    }
}
