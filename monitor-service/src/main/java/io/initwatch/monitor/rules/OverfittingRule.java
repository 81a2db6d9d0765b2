package io.initwatch.monitor.rules;

import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Severity;

/**
 * Validation loss rising epoch after epoch, away from its best, while training loss keeps falling:
 * overfitting. Reported as INFO and explicitly not an initialization problem, so nobody "fixes" a good initialization.
 */
final class OverfittingRule implements Rule {
    static final String RULE = "overfitting";
    private static final String ONCE = "run";

    private final RuleThresholds.Overfitting t;

    OverfittingRule(RuleThresholds.Overfitting thresholds) {
        this.t = thresholds;
    }

    @Override
    public void onMetrics(RunState run, EpochMetrics m, AlertSink out) {
        Double validation = m.validationLoss();
        if (validation == null || !Double.isFinite(validation) || !Double.isFinite(m.trainLoss())
                || out.fired(RULE, ONCE)) {
            return;
        }
        int end = m.epoch();
        int start = end - t.risingEpochs();
        if (start < 1) {
            return;
        }
        for (int epoch = start; epoch <= end; epoch++) {
            if (!run.hasValidationLoss(epoch) || !Double.isFinite(run.validationLoss(epoch))
                    || (epoch > start && !(run.validationLoss(epoch) > run.validationLoss(epoch - 1)))) {
                return;
            }
        }
        int best = -1;
        for (int epoch = 1; epoch <= end; epoch++) {
            if (run.hasValidationLoss(epoch) && Double.isFinite(run.validationLoss(epoch))
                    && (best < 0 || run.validationLoss(epoch) < run.validationLoss(best))) {
                best = epoch;
            }
        }
        if (best < 0 || !run.hasTrainLoss(best)) {
            return;
        }
        double bestValidation = run.validationLoss(best);
        double rise = (validation - bestValidation) / Math.abs(bestValidation);
        if (rise < t.minValidationRise() || !(m.trainLoss() < run.trainLoss(best))) {
            return;
        }
        out.raise(AlertDraft.of(RULE, ONCE, Severity.INFO)
                .cause(Cause.OVERFITTING)
                .at(m.epoch(), m.iteration(), m.timestampMs())
                .title("Overfitting since epoch " + best + " — not an initialization problem")
                .diagnosis("Training loss kept falling (" + Fmt.num(run.trainLoss(best)) + " at epoch " + best
                        + " → " + Fmt.num(m.trainLoss()) + " at epoch " + m.epoch() + ") while validation loss rose "
                        + Fmt.num(rise * 100) + "% above its best (" + Fmt.num(bestValidation) + " at epoch " + best
                        + " → " + Fmt.num(validation) + "). Good training loss with bad validation loss is"
                        + " overfitting: model complexity versus data, not an initialization problem.")
                .recommendation("Keep the initialization. Stop at epoch " + best + " (early stopping), add"
                        + " regularization (weight decay, dropout), use more data, or a smaller model.")
                .evidence("bestEpoch", best)
                .evidence("bestValidationLoss", bestValidation)
                .evidence("validationLoss", validation)
                .evidence("trainLoss", m.trainLoss())
                .evidence("validationRise", rise));
    }
}
