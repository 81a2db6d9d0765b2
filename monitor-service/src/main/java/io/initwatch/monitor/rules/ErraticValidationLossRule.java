package io.initwatch.monitor.rules;

import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Severity;

/**
 * Validation loss jumping up and down by large amounts: unstable training, often from a poor start. The moves
 * must be large against the previous value and against the run's starting loss scale (its epoch-1 training
 * loss, the mean over the first epoch): a converged validation loss of 0.01 jumping to 0.07 and back is a few
 * validation samples flipping, not instability.
 */
final class ErraticValidationLossRule implements Rule {
    static final String RULE = "erratic-validation-loss";
    private static final String ONCE = "run";

    private final RuleThresholds.ErraticValidationLoss t;
    private final RuleThresholds thresholds;

    ErraticValidationLossRule(RuleThresholds thresholds) {
        this.t = thresholds.erraticValidationLoss();
        this.thresholds = thresholds;
    }

    @Override
    public void onMetrics(RunState run, EpochMetrics m, AlertSink out) {
        int end = m.epoch();
        int start = end - t.windowEpochs() + 1;
        if (start < 1 || out.fired(RULE, ONCE) || !run.hasTrainLoss(1) || !Double.isFinite(run.trainLoss(1))
                || run.trainLoss(1) == 0) {
            return;
        }
        double startScale = Math.abs(run.trainLoss(1));
        for (int epoch = start; epoch <= end; epoch++) {
            if (!run.hasValidationLoss(epoch) || !Double.isFinite(run.validationLoss(epoch))
                    || run.validationLoss(epoch) == 0) {
                return;
            }
        }
        int changes = 0;
        double swing = 0;
        double move = 0;
        double previousDelta = 0;
        for (int epoch = start + 1; epoch <= end; epoch++) {
            double delta = run.validationLoss(epoch) - run.validationLoss(epoch - 1);
            swing += Math.abs(delta) / Math.abs(run.validationLoss(epoch - 1));
            move += Math.abs(delta);
            if (previousDelta != 0 && delta != 0 && Math.signum(delta) != Math.signum(previousDelta)) {
                changes++;
            }
            previousDelta = delta;
        }
        swing /= end - start;
        double startSwing = move / (end - start) / startScale;
        if (changes < t.minDirectionChanges() || swing < t.minRelativeSwing()
                || startSwing < t.minStartRelativeSwing()) {
            return;
        }
        Cause cause = Causes.of(run, Causes.Symptom.UNSTABLE, thresholds);
        out.raise(AlertDraft.of(RULE, ONCE, Severity.WARNING)
                .cause(cause)
                .at(end, m.iteration(), m.timestampMs())
                .title("Validation loss erratic over epochs " + start + "–" + end)
                .diagnosis("Validation loss changed direction " + changes + " times in epochs " + start + "–" + end
                        + ", moving " + Fmt.num(swing * 100) + "% per epoch on average, "
                        + Fmt.num(startSwing * 100) + "% of the epoch-1 training loss " + Fmt.num(startScale)
                        + " (limits: " + t.minDirectionChanges() + " reversals, "
                        + Fmt.num(t.minRelativeSwing() * 100) + "%, " + Fmt.num(t.minStartRelativeSwing() * 100)
                        + "% of the epoch-1 loss). " + RunAdvice.probableCause(run, cause, thresholds)
                        + " A very small validation split also makes it noisy.")
                .recommendation(RunAdvice.fix(run, cause, java.util.List.of(), java.util.Map.of(), thresholds))
                .evidence("directionChanges", changes)
                .evidence("meanRelativeSwing", swing)
                .evidence("startRelativeSwing", startSwing)
                .evidence("validationLoss", run.validationLoss(end)));
    }
}
