package io.initwatch.monitor.rules;

import java.util.List;
import java.util.Map;

import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Severity;

/**
 * "Training loss stuck": over a window of epochs the loss did not fall by a meaningful fraction, while it is
 * still close to where it started (a run that learned and then converged is not stuck).
 */
final class FlatLossRule implements Rule {
    static final String RULE = "flat-loss";
    private static final String ONCE = "run";

    private final RuleThresholds.FlatLoss t;
    private final RuleThresholds thresholds;

    FlatLossRule(RuleThresholds thresholds) {
        this.t = thresholds.flatLoss();
        this.thresholds = thresholds;
    }

    @Override
    public void onMetrics(RunState run, EpochMetrics m, AlertSink out) {
        int end = m.epoch();
        int start = end - t.windowEpochs() + 1;
        if (start < 1 || out.fired(RULE, ONCE) || !run.hasTrainLoss(1)) {
            return;
        }
        double first = run.trainLoss(1);
        double windowStart = run.trainLoss(start);
        double lowest = Double.POSITIVE_INFINITY;
        for (int epoch = start; epoch <= end; epoch++) {
            if (!run.hasTrainLoss(epoch) || !Double.isFinite(run.trainLoss(epoch))) {
                return;
            }
            lowest = Math.min(lowest, run.trainLoss(epoch));
        }
        if (!Double.isFinite(first) || first == 0 || windowStart == 0) {
            return;
        }
        double drop = (windowStart - lowest) / Math.abs(windowStart);
        double progress = (first - m.trainLoss()) / Math.abs(first);
        // A classifier's chance loss is ln(classes): a loss within chanceMargin of it for a whole window, and not
        // falling fast within it, is stuck however much it fell from an epoch 1 above chance, and however it wobbles.
        double chance = chanceLoss(run);
        boolean atChance = chance > 0 && lowest >= (1 - t.chanceMargin()) * chance && drop < t.maxProgress();
        // ... and one already more than maxProgress below chance has learned, even if it did so within epoch 1
        boolean learned = chance > 0 && lowest < (1 - t.maxProgress()) * chance;
        if (!atChance && (drop >= t.minRelativeDrop() || progress >= t.maxProgress() || learned)) {
            return;
        }
        Cause cause = Causes.of(run, Causes.Symptom.SHRINKING, thresholds);
        out.raise(AlertDraft.of(RULE, ONCE, Severity.WARNING)
                .cause(cause)
                .at(end, m.iteration(), m.timestampMs())
                .title("Training loss stuck at " + Fmt.num(m.trainLoss()) + " over epochs " + start + "–" + end
                        + (atChance ? " (chance level)" : ""))
                .diagnosis("Training loss went from " + Fmt.num(windowStart) + " at epoch " + start + " to "
                        + Fmt.num(m.trainLoss()) + " at epoch " + end + (atChance
                                ? ", never below " + Fmt.num((1 - t.chanceMargin()) * 100) + "% of the chance loss ln("
                                        + run.config().get().outputSize() + ") = " + Fmt.num(chance)
                                : ": it fell by " + Fmt.num(drop * 100) + "% (less than "
                                        + Fmt.num(t.minRelativeDrop() * 100) + "%), and only " + Fmt.num(progress * 100)
                                        + "% below its epoch-1 value " + Fmt.num(first))
                        + ". The network is not learning. " + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, List.of(), Map.of(), thresholds))
                .evidence("trainLoss", m.trainLoss())
                .evidence("windowStartLoss", windowStart)
                .evidence("relativeDrop", drop)
                .evidence("progressSinceEpoch1", progress)
                .evidence("windowEpochs", t.windowEpochs())
                .evidence("chanceLoss", chance));
    }

    /** ln(classes) for a softmax classifier trained with cross-entropy; NaN when the run config does not say. */
    static double chanceLoss(RunState run) {
        return run.config()
                .filter(c -> "mcxent".equalsIgnoreCase(c.lossFunction()) && c.outputSize() > 1)
                .map(c -> Math.log(c.outputSize()))
                .orElse(Double.NaN);
    }
}
