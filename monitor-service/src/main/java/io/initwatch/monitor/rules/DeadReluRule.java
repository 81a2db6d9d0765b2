package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Cause;
import io.initwatch.events.Activation;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;

/** ReLU-family hidden layers where most activations are exactly zero (healthy is about half). */
final class DeadReluRule implements Rule {
    static final String RULE = "dead-relu";
    private static final String ONCE = "run";

    private final RuleThresholds.DeadRelu t;
    private final RuleThresholds.SymmetricWeights symmetry;
    private final RuleThresholds thresholds;

    DeadReluRule(RuleThresholds thresholds) {
        this.t = thresholds.deadRelu();
        this.symmetry = thresholds.symmetricWeights();
        this.thresholds = thresholds;
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        if (out.fired(RULE, ONCE)) {
            return;
        }
        List<Integer> dead = new ArrayList<>();
        double worst = 0;
        int last = LayerFacts.lastIndex(stats);
        for (LayerStat layer : stats.layers()) {
            if (layer.index() == last || LayerFacts.family(layer.activation()) != Activation.Family.RELU
                    || !LayerFacts.finite(layer.zeroFraction()) || LayerFacts.hasIdenticalWeights(layer, symmetry)) {
                continue;
            }
            if (layer.zeroFraction() >= t.maxZeroFraction()) {
                dead.add(layer.index());
                worst = Math.max(worst, layer.zeroFraction());
            }
        }
        if (dead.isEmpty()) {
            return;
        }
        Cause cause = Causes.of(run, Causes.Symptom.UNSTABLE, thresholds);
        out.raise(AlertDraft.of(RULE, ONCE, Causes.symptomSeverity(cause))
                .cause(cause)
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .layers(dead)
                .title("Dead ReLUs in " + Fmt.layers(dead) + " (up to " + Fmt.num(worst * 100) + "% zero)")
                .diagnosis("In the " + stats.phase() + " snapshot (epoch " + stats.epoch() + ", iteration "
                        + stats.iteration() + ") up to " + Fmt.num(worst * 100) + "% of the activations of "
                        + Fmt.layers(dead) + " are exactly 0 (limit " + Fmt.num(t.maxZeroFraction() * 100)
                        + "%; healthy ReLU layers sit near 50%). A dead unit passes no gradient and never recovers."
                        + " " + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, dead, LayerFacts.activations(stats), thresholds)
                        .then(cause.isInitialization() ? "" : " Leaky ReLU keeps a gradient for negative inputs."))
                .evidence("maxZeroFraction", worst)
                .evidence("limit", t.maxZeroFraction()));
    }
}
