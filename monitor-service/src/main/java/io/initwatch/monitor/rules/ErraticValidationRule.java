package io.initwatch.monitor.rules;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Severity;

/** Validation loss jumping up and down by large amounts: unstable training, often from a poor start. */
final class ErraticValidationRule implements Rule {
    static final String RULE = "erratic-validation-loss";
    private static final String ONCE = "run";

    private final RuleThresholds.ErraticValidation t;
    private final double maxVarianceRatio;

    ErraticValidationRule(RuleThresholds.ErraticValidation thresholds, double maxVarianceRatio) {
        this.t = thresholds;
        this.maxVarianceRatio = maxVarianceRatio;
    }

    @Override
    public void onMetrics(RunState run, EpochMetrics m, AlertSink out) {
        int end = m.epoch();
        int start = end - t.windowEpochs() + 1;
        if (start < 1 || out.fired(RULE, ONCE)) {
            return;
        }
        for (int epoch = start; epoch <= end; epoch++) {
            if (!run.hasValidationLoss(epoch) || !Double.isFinite(run.validationLoss(epoch))
                    || run.validationLoss(epoch) == 0) {
                return;
            }
        }
        int changes = 0;
        double swing = 0;
        double previousDelta = 0;
        for (int epoch = start + 1; epoch <= end; epoch++) {
            double delta = run.validationLoss(epoch) - run.validationLoss(epoch - 1);
            swing += Math.abs(delta) / Math.abs(run.validationLoss(epoch - 1));
            if (previousDelta != 0 && delta != 0 && Math.signum(delta) != Math.signum(previousDelta)) {
                changes++;
            }
            previousDelta = delta;
        }
        swing /= end - start;
        if (changes < t.minDirectionChanges() || swing < t.minRelativeSwing()) {
            return;
        }
        out.raise(AlertDraft.of(RULE, ONCE, Severity.WARNING)
                .at(end, m.iteration(), m.timestampMs())
                .title("Validation loss erratic over epochs " + start + "–" + end)
                .diagnosis("Validation loss changed direction " + changes + " times in epochs " + start + "–" + end
                        + ", moving " + Fmt.num(swing * 100) + "% per epoch on average (limits: "
                        + t.minDirectionChanges() + " reversals, " + Fmt.num(t.minRelativeSwing() * 100)
                        + "%). Probable cause: unstable gradients from a poor initialization or a learning rate"
                        + " too high; a very small validation split also makes it noisy.")
                .recommendation(RunAdvice.initialization(run, maxVarianceRatio, RunAdvice.learningRate(run)))
                .evidence("directionChanges", changes)
                .evidence("meanRelativeSwing", swing)
                .evidence("validationLoss", run.validationLoss(end)));
    }
}
