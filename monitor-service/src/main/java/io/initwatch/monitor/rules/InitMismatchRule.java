package io.initwatch.monitor.rules;

import java.util.List;
import java.util.Map;

import io.initwatch.events.Cause;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Severity;

/**
 * Advice before training starts: hidden layers whose initializer gives a variance far from what their
 * activation needs (ReLU family with Glorot or 1/n_in, tanh/sigmoid with He, N(0,1), 0.01·N(0,1), ...).
 */
final class InitMismatchRule implements Rule {
    static final String RULE = "init-mismatch";
    private static final String ONCE = "config";

    private final RuleThresholds.InitMismatch t;
    private final RuleThresholds thresholds;

    InitMismatchRule(RuleThresholds thresholds) {
        this.t = thresholds.initMismatch();
        this.thresholds = thresholds;
    }

    @Override
    public void onConfig(RunState run, RunConfig config, long timestampMs, AlertSink out) {
        List<Integer> layers = LayerFacts.mismatchedLayers(config, t.maxVarianceRatio());
        if (layers.isEmpty() || out.fired(RULE, ONCE)) {
            return;
        }
        double worst = 0;
        LayerSpec example = null;
        java.util.Set<Integer> mismatched = new java.util.HashSet<>(layers);
        for (LayerSpec spec : config.layers()) {
            if (mismatched.contains(spec.index()) && LayerFacts.varianceRatio(spec) > worst) {
                worst = LayerFacts.varianceRatio(spec);
                example = spec;
            }
        }
        Cause cause = Causes.initVerdict(config, t).cause();
        out.raise(AlertDraft.of(RULE, ONCE, Severity.WARNING)
                .cause(cause == null ? Cause.INIT_MISMATCH : cause)
                .at(0, null, timestampMs)
                .layers(layers)
                .title("Initialization does not match the activation in " + Fmt.layers(layers))
                .diagnosis("Before training: " + Fmt.layers(layers) + " start with a weight variance up to "
                        + Fmt.num(worst) + "× away from what their activation needs (limit "
                        + Fmt.num(t.maxVarianceRatio()) + "×), e.g. layer " + example.index() + " uses "
                        + example.activation() + " with " + example.weightInit() + ". ReLU zeroes half its inputs,"
                        + " so ReLU-family layers need He (σ² = 2/n_in); tanh/sigmoid need Glorot"
                        + " (σ² = 2/(n_in+n_out)). With the wrong one the variance is not preserved: deep networks"
                        + " vanish or explode, shallow ones train slowly.")
                .recommendation(Prescriptions.forLayers(run, layers, Map.of(), t).then("."))
                .evidence("worstVarianceRatio", worst)
                .evidence("mismatchedLayers", layers.size()));
    }
}
