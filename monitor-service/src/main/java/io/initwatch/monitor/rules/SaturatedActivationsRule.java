package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Cause;
import io.initwatch.events.Activation;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;

/** tanh/sigmoid hidden layers with many units on the flat ends, where the gradient is near zero. */
final class SaturatedActivationsRule implements Rule {
    static final String RULE = "saturated-activations";
    private static final String ONCE = "run";

    private final RuleThresholds.SaturatedActivations t;
    private final RuleThresholds thresholds;

    SaturatedActivationsRule(RuleThresholds thresholds) {
        this.t = thresholds.saturatedActivations();
        this.thresholds = thresholds;
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        if (out.fired(RULE, ONCE)) {
            return;
        }
        List<Integer> saturated = new ArrayList<>();
        double worst = 0;
        int last = LayerFacts.lastIndex(stats);
        for (LayerStat layer : stats.layers()) {
            if (layer.index() == last
                    || LayerFacts.family(layer.activation()) != Activation.Family.SATURATING
                    || !LayerFacts.finite(layer.saturatedFraction())) {
                continue;
            }
            if (layer.saturatedFraction() >= t.maxSaturatedFraction()) {
                saturated.add(layer.index());
                worst = Math.max(worst, layer.saturatedFraction());
            }
        }
        if (saturated.isEmpty()) {
            return;
        }
        Cause cause = Causes.of(run, Causes.Symptom.GROWING, thresholds);
        out.raise(AlertDraft.of(RULE, ONCE, Causes.symptomSeverity(cause))
                .cause(cause)
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .layers(saturated)
                .title("Saturated activations in " + Fmt.layers(saturated) + " (up to " + Fmt.num(worst * 100) + "%)")
                .diagnosis("In the " + stats.phase() + " snapshot (epoch " + stats.epoch() + ", iteration "
                        + stats.iteration() + ") up to " + Fmt.num(worst * 100) + "% of the units of "
                        + Fmt.layers(saturated) + " sit on the flat ends of tanh/sigmoid (limit "
                        + Fmt.num(t.maxSaturatedFraction() * 100) + "%), where the gradient is almost 0. "
                        + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, saturated, LayerFacts.activations(stats), thresholds))
                .evidence("maxSaturatedFraction", worst)
                .evidence("limit", t.maxSaturatedFraction()));
    }
}
