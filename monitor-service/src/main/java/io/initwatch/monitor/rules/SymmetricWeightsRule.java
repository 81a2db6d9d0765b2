package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.initwatch.events.Cause;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Severity;
import io.initwatch.events.WeightInit;

/**
 * A hidden layer whose units are indistinguishable (zero or constant init): they get the same gradient and
 * learn the same thing forever. Seen in the config before training, or in the layer statistics; either way it
 * is one condition of the run, so it yields one alert.
 */
final class SymmetricWeightsRule implements Rule {
    static final String RULE = "symmetric-weights";
    private static final String ONCE = "run";

    private final RuleThresholds.SymmetricWeights t;
    private final RuleThresholds.InitMismatch initMismatch;

    SymmetricWeightsRule(RuleThresholds thresholds) {
        this.t = thresholds.symmetricWeights();
        this.initMismatch = thresholds.initMismatch();
    }

    @Override
    public void onConfig(RunState run, RunConfig config, long timestampMs, AlertSink out) {
        if (out.fired(RULE, ONCE)) {
            return;
        }
        List<Integer> layers = new ArrayList<>();
        String init = null;
        for (LayerSpec spec : LayerFacts.hidden(config)) {
            if (WeightInit.parse(spec.weightInit()).map(WeightInit::isSymmetric).orElse(false)) {
                layers.add(spec.index());
                init = spec.weightInit();
            }
        }
        if (layers.isEmpty()) {
            return;
        }
        layers.sort(null);
        out.raise(draft(run, layers, Map.of())
                .at(0, null, timestampMs)
                .diagnosis("The run config initializes " + Fmt.layers(layers) + " with " + init + ": every unit in"
                        + " such a layer computes the same output and receives the same gradient, so the units learn"
                        + " the same thing forever and the layer acts like a single unit. Expect training loss stuck.")
                .evidence("symmetricLayers", layers.size()));
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        if (out.fired(RULE, ONCE)) {
            return;
        }
        List<Integer> layers = new ArrayList<>();
        double spread = 0;
        int last = LayerFacts.lastIndex(stats);
        for (LayerStat layer : stats.layers()) {
            if (layer.index() == last) {
                continue;
            }
            boolean identicalWeights = LayerFacts.hasIdenticalWeights(layer, t);
            boolean identicalUnits = LayerFacts.finite(layer.unitSpread()) && LayerFacts.finite(layer.activationStd())
                    && layer.activationStd() > 0
                    && layer.unitSpread() <= t.maxRelativeUnitSpread() * layer.activationStd();
            if (identicalWeights || identicalUnits) {
                layers.add(layer.index());
                if (LayerFacts.finite(layer.unitSpread())) {
                    spread = Math.max(spread, layer.unitSpread());
                }
            }
        }
        if (layers.isEmpty()) {
            return;
        }
        layers.sort(null);
        out.raise(draft(run, layers, LayerFacts.activations(stats))
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .diagnosis("In the " + stats.phase() + " snapshot (epoch " + stats.epoch() + ", iteration "
                        + stats.iteration() + ") the units of " + Fmt.layers(layers) + " are indistinguishable:"
                        + " identical weights or a spread between units of at most " + Fmt.num(spread) + ". They"
                        + " receive the same gradient and learn the same thing forever. Probable cause: zero or"
                        + " constant initialization.")
                .evidence("symmetricLayers", layers.size())
                .evidence("maxUnitSpread", spread));
    }

    private AlertDraft draft(RunState run, List<Integer> layers, Map<Integer, String> activations) {
        return AlertDraft.of(RULE, ONCE, Severity.CRITICAL)
                .cause(Cause.SYMMETRY)
                .layers(layers)
                .title("Symmetric units in " + Fmt.layers(layers) + " (zero/constant init)")
                .recommendation(Prescriptions.forLayers(run, layers, activations, initMismatch)
                        .prefixed("Never initialize weights to zeros or a constant; random values break the symmetry: ")
                        .then("."));
    }
}
