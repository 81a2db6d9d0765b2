package io.initwatch.monitor.rules;

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
    private final double maxVarianceRatio;

    FlatLossRule(RuleThresholds.FlatLoss thresholds, double maxVarianceRatio) {
        this.t = thresholds;
        this.maxVarianceRatio = maxVarianceRatio;
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
        if (drop >= t.minRelativeDrop() || progress >= t.maxProgress()) {
            return;
        }
        out.raise(AlertDraft.of(RULE, ONCE, Severity.WARNING)
                .at(end, m.iteration(), m.timestampMs())
                .title("Training loss stuck at " + Fmt.num(m.trainLoss()) + " over epochs " + start + "–" + end)
                .diagnosis("Training loss went from " + Fmt.num(windowStart) + " at epoch " + start + " to "
                        + Fmt.num(m.trainLoss()) + " at epoch " + end + ": it fell by " + Fmt.num(drop * 100)
                        + "% (less than " + Fmt.num(t.minRelativeDrop() * 100) + "%), and only "
                        + Fmt.num(progress * 100) + "% below its epoch-1 value " + Fmt.num(first)
                        + ". The network is not learning. Probable cause: gradients vanish before reaching the"
                        + " early layers (weights too small), or units are symmetric (zero/constant init).")
                .recommendation(RunAdvice.initialization(run, maxVarianceRatio,
                        "If the loss stays flat with matching initialization, raise the learning rate (try 3×)."))
                .evidence("trainLoss", m.trainLoss())
                .evidence("windowStartLoss", windowStart)
                .evidence("relativeDrop", drop)
                .evidence("progressSinceEpoch1", progress)
                .evidence("windowEpochs", t.windowEpochs()));
    }
}
