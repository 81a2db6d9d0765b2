package io.initwatch.bench.score;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.initwatch.bench.corpus.Recording;
import io.initwatch.bench.score.DiagnosisBenchmark.Half;
import io.initwatch.monitor.rules.RuleThresholds;

/**
 * Fits a threshold on the tuning half only: scores initwatch there with each candidate value of one key and
 * prints recall, false alarms and right cause, so the value chosen is justified by runs the report never shows.
 *
 * <pre>diagnosis-bench/bench.sh score --sweep variance-not-preserved.max-drift=10,30,100</pre>
 */
final class Sweep {

    private Sweep() {
    }

    static void run(List<Recording> all, Map<String, Label> labels, String spec) {
        String key = spec.substring(0, spec.indexOf('='));
        List<Recording> tuning = all.stream().filter(r -> Half.of(r.corpusCase().referenceGroup()) == Half.TUNING).toList();
        System.out.println("sweep of " + key + " on the tuning half (" + tuning.size() + " runs)");
        for (String value : spec.substring(spec.indexOf('=') + 1).split(",")) {
            RuleThresholds t = with(key, value);
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

    /** The shipped thresholds with one key set, validated as configuration is. */
    static RuleThresholds with(String key, String value) {
        if (RuleThresholds.definition(key).isEmpty()) {
            throw new IllegalArgumentException("no threshold " + key + "; see docs/alerts.md");
        }
        return RuleThresholds.from(k -> k.equals(key) ? Optional.of(value) : Optional.empty());
    }
}
