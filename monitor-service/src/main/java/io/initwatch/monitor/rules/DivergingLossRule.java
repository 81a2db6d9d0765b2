package io.initwatch.monitor.rules;

import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Severity;

/**
 * Training loss rising epoch after epoch (WARNING), or far above where it started (CRITICAL). A rise counts only
 * if it is large against the loss before it and against the run's starting loss scale (its epoch-1 training
 * loss, the mean over the first epoch): a converged loss of 0.03 doubling to 0.06 is noise, not divergence.
 */
final class DivergingLossRule implements Rule {
    static final String RULE = "diverging-loss";
    static final String RISING = "rising";
    static final String ABOVE_START = "above-start";

    private final RuleThresholds.DivergingLoss t;
    private final RuleThresholds thresholds;

    DivergingLossRule(RuleThresholds thresholds) {
        this.t = thresholds.divergingLoss();
        this.thresholds = thresholds;
    }

    @Override
    public void onMetrics(RunState run, EpochMetrics m, AlertSink out) {
        int end = m.epoch();
        double loss = m.trainLoss();
        if (!Double.isFinite(loss) || !run.hasTrainLoss(1) || !Double.isFinite(run.trainLoss(1))) {
            return;
        }
        double first = run.trainLoss(1);
        if (end > 1 && first > 0 && loss >= t.maxGrowth() * first && !out.fired(RULE, ABOVE_START)) {
            out.raise(draft(run, m, ABOVE_START, Severity.CRITICAL)
                    .title("Training loss diverging: " + Fmt.num(loss) + " is " + Fmt.num(loss / first)
                            + "× its epoch-1 value")
                    .diagnosis("Training loss rose from " + Fmt.num(first) + " at epoch 1 to " + Fmt.num(loss)
                            + " at epoch " + end + " (" + Fmt.num(loss / first) + "×, limit "
                            + Fmt.num(t.maxGrowth()) + "×). " + RunAdvice.probableCause(run, cause(run), thresholds))
                    .evidence("growth", loss / first));
        }
        int start = end - t.risingEpochs();
        if (start < 1 || out.fired(RULE, RISING)) {
            return;
        }
        for (int epoch = start + 1; epoch <= end; epoch++) {
            if (!run.hasTrainLoss(epoch - 1) || !(run.trainLoss(epoch) > run.trainLoss(epoch - 1))) {
                return;
            }
        }
        double before = run.trainLoss(start);
        double rise = (loss - before) / Math.abs(before);
        double riseOfStart = (loss - before) / Math.abs(first);
        if (!(rise >= t.minRelativeRise()) || !(riseOfStart >= t.minStartRelativeRise())) {
            return;
        }
        out.raise(draft(run, m, RISING, Severity.WARNING)
                .title("Training loss rising for " + t.risingEpochs() + " epochs (" + Fmt.num(before) + " → "
                        + Fmt.num(loss) + ")")
                .diagnosis("Training loss rose in each of epochs " + (start + 1) + "–" + end + ", from "
                        + Fmt.num(before) + " to " + Fmt.num(loss) + " (+" + Fmt.num(rise * 100) + "%, "
                        + Fmt.num(riseOfStart * 100) + "% of the epoch-1 loss " + Fmt.num(first)
                        + "). Training is unstable. " + RunAdvice.probableCause(run, cause(run), thresholds))
                .evidence("relativeRise", rise)
                .evidence("startRelativeRise", riseOfStart)
                .evidence("risingEpochs", t.risingEpochs()));
    }

    private AlertDraft draft(RunState run, EpochMetrics m, String key, Severity severity) {
        Cause cause = cause(run);
        // a loss going the wrong way is training in trouble whatever the cause, but CRITICAL is kept for the
        // initializer's doing
        return AlertDraft.of(RULE, key, cause.isInitialization() ? severity : Severity.WARNING)
                .cause(cause)
                .at(m.epoch(), m.iteration(), m.timestampMs())
                .recommendation(RunAdvice.fix(run, cause, java.util.List.of(), java.util.Map.of(), thresholds))
                .evidence("trainLoss", m.trainLoss())
                .evidence("epoch1Loss", run.trainLoss(1));
    }

    private Cause cause(RunState run) {
        return Causes.of(run, Causes.Symptom.UNSTABLE, thresholds);
    }
}
