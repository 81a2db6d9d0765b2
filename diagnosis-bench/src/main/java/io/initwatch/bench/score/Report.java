package io.initwatch.bench.score;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.initwatch.bench.score.DiagnosisBenchmark.Half;
import io.initwatch.bench.score.DiagnosisBenchmark.Result;

/** The benchmark's tables, as Markdown. */
final class Report {

    private Report() {
    }

    static String markdown(Result r) {
        StringBuilder md = new StringBuilder();
        Scorecard held = r.initwatch(Half.HELD_OUT);
        md.append(DiagnosisBenchmark.fmt("Corpus: %d recorded runs; tuning half %d, held-out half %d. Held-out labels: "
                + "%d bad, %d degraded, %d healthy, %d inconclusive (not scored).%n%n", r.runs(),
                r.runsPerHalf().get(Half.TUNING), r.runsPerHalf().get(Half.HELD_OUT), held.bad, held.degraded,
                held.healthy, held.inconclusive));
        md.append("### Held-out half: initwatch and the peers side by side\n\n");
        md.append("| | ").append(String.join(" | ", r.detectors())).append(" |\n");
        md.append("|---|").append("---|".repeat(r.detectors().size())).append('\n');
        List<Scorecard> cards = r.cards().get(Half.HELD_OUT);
        row(md, "recall on bad runs (any WARNING+)", cards, c -> pct(c.recall(), c.badDetected, c.bad));
        row(md, "recall on bad runs, configuration advice left out", cards,
                c -> pct(Scorecard.ratio(c.badDetectedWithoutAdvice, c.bad), c.badDetectedWithoutAdvice, c.bad));
        row(md, "recall on degraded runs", cards, c -> pct(c.degradedRecall(), c.degradedDetected, c.degraded));
        row(md, "precision (runs flagged WARNING+ that are bad or degraded)", cards,
                c -> pct(c.precision(), c.flaggedFaulty, c.flagged));
        row(md, "**false alarms on healthy runs** (WARNING+, advice left out)", cards,
                c -> pct(c.falseAlarmRate(), c.healthyFalseAlarms, c.healthy));
        row(md, "healthy runs with configuration advice only (`init-mismatch`)", cards,
                c -> pct(Scorecard.ratio(c.healthyAdviceOnly, c.healthy), c.healthyAdviceOnly, c.healthy));
        row(md, "first alert names the right cause (bad + degraded runs with an alert)", cards,
                c -> pct(c.rightCause(), c.firstAlertRightCause, c.faultyWithAlert));
        row(md, "initialization faults flagged before the first update", cards,
                c -> pct(c.beforeFirstUpdate(), c.initFaultsBeforeUpdate, c.initFaults));
        row(md, "initialization faults flagged by the pre-flight statistics (configuration advice left out)", cards,
                c -> pct(Scorecard.ratio(c.initFaultsPreflightFinding, c.initFaults), c.initFaultsPreflightFinding,
                        c.initFaults));
        row(md, "non-initialization faults blamed on the initializer", cards,
                c -> pct(Scorecard.ratio(c.nonInitBlamedOnInit, c.nonInitFaults), c.nonInitBlamedOnInit, c.nonInitFaults));
        row(md, "healthy controls (overfitting, plateau, …) blamed on the initializer", cards,
                c -> pct(Scorecard.ratio(c.controlsBlamedOnInit, c.controlsHealthy), c.controlsBlamedOnInit, c.controlsHealthy));
        row(md, "median epoch of the first alert (detected faults)", cards,
                c -> DiagnosisBenchmark.fmt("%.0f", Scorecard.median(c.detectionEpochs)));
        row(md, "median training seconds before the first alert", cards,
                c -> DiagnosisBenchmark.fmt("%.2f s", Scorecard.median(c.detectionSeconds)));
        row(md, "runs with contradicting alerts (vanishing and exploding)", cards, c -> Integer.toString(c.contradictions));
        row(md, "prescriptions of the variance a layer already has", cards, c -> Integer.toString(c.selfPrescriptions));
        md.append('\n');
        md.append(r.heldOutRepairs().markdown()).append('\n');
        for (int d = 0; d < r.detectors().size(); d++) {
            perRule(md, r.detectors().get(d), cards.get(d));
        }
        md.append("### Held-out confusion matrix (initwatch): labeled cause × cause named by the first alert\n\n");
        confusion(md, held.confusion);
        Scorecard tuning = r.initwatch(Half.TUNING);
        md.append(DiagnosisBenchmark.fmt("%nFor comparison, initwatch on the tuning half (where thresholds were fit): "
                + "recall %s, false alarms %s, right cause %s, before the first update %s.%n",
                pct(tuning.recall(), tuning.badDetected, tuning.bad),
                pct(tuning.falseAlarmRate(), tuning.healthyFalseAlarms, tuning.healthy),
                pct(tuning.rightCause(), tuning.firstAlertRightCause, tuning.faultyWithAlert),
                pct(tuning.beforeFirstUpdate(), tuning.initFaultsBeforeUpdate, tuning.initFaults)));
        return md.toString();
    }

    /** False alarms and misses of the tuning half: what a threshold change may look at. */
    static String tuningNotes(Result r) {
        Scorecard t = r.initwatch(Half.TUNING);
        StringBuilder s = new StringBuilder("Tuning half, initwatch — false alarms on healthy runs:\n");
        t.falseAlarmExamples.forEach(e -> s.append("  ").append(e).append('\n'));
        s.append("Tuning half, initwatch — bad runs without any WARNING+:\n");
        t.missedExamples.forEach(e -> s.append("  ").append(e).append('\n'));
        s.append("Tuning half confusion:\n");
        StringBuilder m = new StringBuilder();
        confusion(m, t.confusion);
        s.append(m);
        return s.toString();
    }

    private static void perRule(StringBuilder md, String detector, Scorecard c) {
        md.append("#### ").append(detector).append(", per rule (held-out)\n\n");
        md.append("| rule | fired on bad | degraded | healthy | precision | names the labeled cause |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Map.Entry<String, int[]> e : c.perRule.entrySet()) {
            int[] n = e.getValue();
            int fired = n[0] + n[1] + n[2];
            md.append(DiagnosisBenchmark.fmt("| `%s` | %d | %d | %d | %s | %s |%n", e.getKey(), n[0], n[1], n[2],
                    pct(Scorecard.ratio(n[0] + n[1], fired), n[0] + n[1], fired),
                    pct(Scorecard.ratio(n[3], n[0] + n[1]), n[3], n[0] + n[1])));
        }
        md.append('\n');
    }

    private static void confusion(StringBuilder md, Map<String, Map<String, Integer>> confusion) {
        TreeSet<String> columns = new TreeSet<>();
        confusion.values().forEach(m -> columns.addAll(m.keySet()));
        md.append("| labeled \\ first alert | ").append(String.join(" | ", columns)).append(" |\n");
        md.append("|---|").append("---|".repeat(columns.size())).append('\n');
        confusion.forEach((row, counts) -> {
            md.append("| ").append(row);
            for (String column : columns) {
                md.append(" | ").append(counts.getOrDefault(column, 0));
            }
            md.append(" |\n");
        });
    }

    private static void row(StringBuilder md, String name, List<Scorecard> cards,
            java.util.function.Function<Scorecard, String> value) {
        md.append("| ").append(name);
        for (Scorecard c : cards) {
            md.append(" | ").append(value.apply(c));
        }
        md.append(" |\n");
    }

    static String pct(double ratio, int a, int b) {
        return Double.isNaN(ratio) ? "– (0/0)" : DiagnosisBenchmark.fmt("%.1f %% (%d/%d)", 100 * ratio, a, b);
    }
}
