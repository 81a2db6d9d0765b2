package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;

/** NaN or ±Infinity in the loss, the validation loss, a gradient or the weights: CRITICAL, on the first event. */
final class NonFiniteRule implements Rule {
    static final String LOSS = "non-finite-loss";
    static final String VALIDATION_LOSS = "non-finite-validation-loss";
    static final String GRADIENTS = "non-finite-gradients";
    static final String WEIGHTS = "non-finite-weights";
    private static final String ONCE = "run";

    private final RuleThresholds thresholds;

    NonFiniteRule(RuleThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void onMetrics(RunState run, EpochMetrics m, AlertSink out) {
        if (!Double.isFinite(m.trainLoss()) && !out.fired(LOSS, ONCE)) {
            out.raise(lossAlert(run, m, LOSS, "Training loss", m.trainLoss()));
        }
        Double validation = m.validationLoss();
        if (validation != null && !Double.isFinite(validation) && !out.fired(VALIDATION_LOSS, ONCE)) {
            out.raise(lossAlert(run, m, VALIDATION_LOSS, "Validation loss", validation));
        }
    }

    private AlertDraft lossAlert(RunState run, EpochMetrics m, String rule, String what, double value) {
        String when = m.epoch() == 1 ? "from the start" : "at epoch " + m.epoch();
        Cause cause = Causes.of(run, Causes.Symptom.GROWING, thresholds);
        return AlertDraft.of(rule, ONCE, Severity.CRITICAL)
                .cause(cause)
                .at(m.epoch(), m.iteration(), m.timestampMs())
                .title(what + " is " + Fmt.num(value) + " " + when + (m.epoch() == 1 ? " (epoch 1)" : ""))
                .diagnosis(what + " is " + Fmt.num(value) + " " + when + " (epoch " + m.epoch() + ", iteration "
                        + m.iteration() + "). Training is broken: weights or activations overflowed. "
                        + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, List.of(), java.util.Map.of(), thresholds)
                        .prefixed("Stop this run. "))
                .evidence(rule.equals(LOSS) ? "trainLoss" : "validationLoss", value)
                .evidence("epoch", m.epoch());
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        if (!out.fired(GRADIENTS, ONCE)) {
            List<Integer> bad = new ArrayList<>();
            for (LayerStat layer : stats.layers()) {
                if (nonFinite(layer.gradientNorm()) || nonFinite(layer.biasGradientNorm())) {
                    bad.add(layer.index());
                }
            }
            if (!bad.isEmpty()) {
                out.raise(layerAlert(run, stats, GRADIENTS, "gradients", bad));
            }
        }
        if (!out.fired(WEIGHTS, ONCE)) {
            List<Integer> bad = new ArrayList<>();
            for (LayerStat layer : stats.layers()) {
                if (nonFinite(layer.weightNorm()) || nonFinite(layer.weightStd()) || nonFinite(layer.weightMean())) {
                    bad.add(layer.index());
                }
            }
            if (!bad.isEmpty()) {
                out.raise(layerAlert(run, stats, WEIGHTS, "weights", bad));
            }
        }
    }

    private AlertDraft layerAlert(RunState run, LayerStats stats, String rule, String what, List<Integer> layers) {
        String when = stats.phase() + " snapshot at epoch " + stats.epoch() + ", iteration " + stats.iteration();
        Cause cause = Causes.of(run, Causes.Symptom.GROWING, thresholds);
        return AlertDraft.of(rule, ONCE, Severity.CRITICAL)
                .cause(cause)
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .layers(layers)
                .title("Non-finite " + what + " in " + Fmt.layers(layers))
                .diagnosis("NaN or ±Infinity " + what + " in " + Fmt.layers(layers) + " (" + when + "). "
                        + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, layers, LayerFacts.activations(stats), thresholds)
                        .prefixed("Stop this run. "))
                .evidence("layers", layers.size())
                .evidence("firstLayer", layers.get(0));
    }

    private static boolean nonFinite(Double value) {
        return value != null && !Double.isFinite(value);
    }
}
