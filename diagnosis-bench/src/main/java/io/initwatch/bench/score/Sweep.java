package io.initwatch.bench.score;

import java.util.List;
import java.util.Map;

import io.initwatch.bench.corpus.Recording;
import io.initwatch.bench.score.DiagnosisBenchmark.Half;
import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.rules.RuleThresholds.ExplodingGradients;
import io.initwatch.monitor.rules.RuleThresholds.FlatLoss;
import io.initwatch.monitor.rules.RuleThresholds.InitMismatch;
import io.initwatch.monitor.rules.RuleThresholds.VanishingGradients;
import io.initwatch.monitor.rules.RuleThresholds.VariancePreservation;

/**
 * Fits a threshold on the tuning half only: scores initwatch there with each candidate value of one key and
 * prints recall, false alarms and right cause, so the value chosen is justified by runs the report never shows.
 *
 * <pre>diagnosis-bench/bench.sh score --sweep variance-preservation.max-drift=10,30,100</pre>
 */
final class Sweep {

    private Sweep() {
    }

    static void run(List<Recording> all, Map<String, Label> labels, String spec) {
        String key = spec.substring(0, spec.indexOf('='));
        List<Recording> tuning = all.stream().filter(r -> Half.of(r.corpusCase().referenceGroup()) == Half.TUNING).toList();
        System.out.println("sweep of " + key + " on the tuning half (" + tuning.size() + " runs)");
        for (String value : spec.substring(spec.indexOf('=') + 1).split(",")) {
            RuleThresholds t = with(RuleThresholds.defaults(), key, Double.parseDouble(value));
            InitwatchDetector detector = new InitwatchDetector(t);
            Scorecard c = Scorecard.of(tuning.parallelStream()
                    .map(r -> new Scorecard.Scored(r, labels.get(r.corpusCase().id()), detector.detect(r))).toList());
            System.out.println(DiagnosisBenchmark.fmt("  %s=%-8s recall %s  degraded %s  false alarms %s  right cause %s",
                    key, value, Report.pct(c.recall(), c.badDetected, c.bad),
                    Report.pct(c.degradedRecall(), c.degradedDetected, c.degraded),
                    Report.pct(c.falseAlarmRate(), c.healthyFalseAlarms, c.healthy),
                    Report.pct(c.rightCause(), c.firstAlertRightCause, c.faultyWithAlert)));
        }
    }

    static RuleThresholds with(RuleThresholds t, String key, double v) {
        return switch (key) {
            case "variance-preservation.max-drift" -> new RuleThresholds(t.flatLoss(), t.divergence(),
                    t.erraticValidation(), t.explodingGradients(), t.vanishingGradients(),
                    new VariancePreservation(t.variancePreservation().minHiddenLayers(), v,
                            t.variancePreservation().maxFirstLayerStd()),
                    t.symmetry(), t.deadRelu(), t.saturation(), t.updateRatio(), t.initMismatch(), t.overfitting());
            case "variance-preservation.max-first-layer-std" -> new RuleThresholds(t.flatLoss(), t.divergence(),
                    t.erraticValidation(), t.explodingGradients(), t.vanishingGradients(),
                    new VariancePreservation(t.variancePreservation().minHiddenLayers(),
                            t.variancePreservation().maxDrift(), v),
                    t.symmetry(), t.deadRelu(), t.saturation(), t.updateRatio(), t.initMismatch(), t.overfitting());
            case "exploding-gradients.max-gradient-norm" -> new RuleThresholds(t.flatLoss(), t.divergence(),
                    t.erraticValidation(), new ExplodingGradients(v, t.explodingGradients().growthFactor(),
                            t.explodingGradients().growthEpochs(), t.explodingGradients().minGrownNorm()),
                    t.vanishingGradients(), t.variancePreservation(), t.symmetry(), t.deadRelu(), t.saturation(),
                    t.updateRatio(), t.initMismatch(), t.overfitting());
            case "vanishing-gradients.max-ratio-to-last-layer" -> new RuleThresholds(t.flatLoss(), t.divergence(),
                    t.erraticValidation(), t.explodingGradients(),
                    new VanishingGradients(v, t.vanishingGradients().minGradientNorm()), t.variancePreservation(),
                    t.symmetry(), t.deadRelu(), t.saturation(), t.updateRatio(), t.initMismatch(), t.overfitting());
            case "flat-loss.chance-margin" -> new RuleThresholds(new FlatLoss(t.flatLoss().windowEpochs(),
                    t.flatLoss().minRelativeDrop(), t.flatLoss().maxProgress(), v), t.divergence(), t.erraticValidation(), t.explodingGradients(),
                    t.vanishingGradients(), t.variancePreservation(), t.symmetry(), t.deadRelu(), t.saturation(),
                    t.updateRatio(), t.initMismatch(), t.overfitting());
            case "init-mismatch.far-variance-ratio" -> new RuleThresholds(t.flatLoss(), t.divergence(),
                    t.erraticValidation(), t.explodingGradients(), t.vanishingGradients(), t.variancePreservation(),
                    t.symmetry(), t.deadRelu(), t.saturation(), t.updateRatio(),
                    new InitMismatch(t.initMismatch().maxVarianceRatio(), v), t.overfitting());
            case "update-ratio.max" -> new RuleThresholds(t.flatLoss(), t.divergence(), t.erraticValidation(),
                    t.explodingGradients(), t.vanishingGradients(), t.variancePreservation(), t.symmetry(),
                    t.deadRelu(), t.saturation(), new RuleThresholds.UpdateRatio(t.updateRatio().min(), v,
                            t.updateRatio().earlyEpochs()), t.initMismatch(), t.overfitting());
            case "saturation.max-saturated-fraction" -> new RuleThresholds(t.flatLoss(), t.divergence(),
                    t.erraticValidation(), t.explodingGradients(), t.vanishingGradients(), t.variancePreservation(),
                    t.symmetry(), t.deadRelu(), new RuleThresholds.Saturation(v), t.updateRatio(), t.initMismatch(),
                    t.overfitting());
            default -> throw new IllegalArgumentException("the sweep does not know " + key);
        };
    }
}
