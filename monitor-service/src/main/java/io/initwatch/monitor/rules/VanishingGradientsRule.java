package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Cause;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;

/** Early layers' gradient norms orders of magnitude below the last layer's, or below an absolute floor. */
final class VanishingGradientsRule implements Rule {
    static final String RULE = "vanishing-gradients";
    private static final String ONCE = "run";

    private final RuleThresholds.VanishingGradients t;
    private final RuleThresholds.SymmetricWeights symmetry;
    private final RuleThresholds thresholds;

    VanishingGradientsRule(RuleThresholds thresholds) {
        this.t = thresholds.vanishingGradients();
        this.symmetry = thresholds.symmetricWeights();
        this.thresholds = thresholds;
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        if (out.fired(RULE, ONCE)) {
            return;
        }
        Cause cause = Causes.of(run, Causes.Symptom.SHRINKING, thresholds);
        // Zero gradients under weights that are too large come from overflow or saturation (softmax, tanh): calling
        // them "vanishing, weights too small" would contradict the exploding diagnosis of the same run.
        if (cause == Cause.EXPLODING || out.fired(ExplodingGradientsRule.RULE, "run")) {
            return;
        }
        int last = LayerFacts.lastIndex(stats);
        double reference = Double.NaN;
        for (LayerStat layer : stats.layers()) {
            if (layer.index() == last && LayerFacts.finite(layer.gradientNorm())) {
                reference = layer.gradientNorm();
            }
        }
        double ratioLimit = reference > 0 ? reference * t.maxRatioToLastLayer() : 0;
        List<Integer> vanishing = new ArrayList<>();
        double smallest = Double.POSITIVE_INFINITY;
        for (LayerStat layer : stats.layers()) {
            // identical weights are the symmetry rule's diagnosis; their zero gradients are a consequence
            if (layer.index() == last || !LayerFacts.finite(layer.gradientNorm())
                    || LayerFacts.hasIdenticalWeights(layer, symmetry)) {
                continue;
            }
            double norm = layer.gradientNorm();
            if (norm < t.minGradientNorm() || norm < ratioLimit) {
                vanishing.add(layer.index());
                smallest = Math.min(smallest, norm);
            }
        }
        if (vanishing.isEmpty()) {
            return;
        }
        String relative = reference > 0
                ? ", down to " + Fmt.num(smallest / reference) + "× the last layer's " + Fmt.num(reference)
                        + " (limit " + Fmt.num(t.maxRatioToLastLayer()) + "×)"
                : "";
        out.raise(AlertDraft.of(RULE, ONCE, Causes.symptomSeverity(cause))
                .cause(cause)
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .layers(vanishing)
                .title("Vanishing gradients in " + Fmt.layers(vanishing))
                .diagnosis("Gradient norms in " + Fmt.layers(vanishing) + " are as small as " + Fmt.num(smallest)
                        + relative + " (" + stats.phase() + " snapshot, epoch " + stats.epoch() + ", iteration "
                        + stats.iteration() + "). These layers barely learn, so training looks stuck. "
                        + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, vanishing, LayerFacts.activations(stats), thresholds))
                .evidence("smallestGradientNorm", smallest)
                .evidence("lastLayerGradientNorm", reference)
                .evidence("ratioToLastLayer", reference > 0 ? smallest / reference : Double.NaN));
    }
}
