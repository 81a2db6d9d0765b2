package io.initwatch.bench.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.initwatch.bench.corpus.Recording;
import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;

/** One monitor's results on a set of labeled runs: the figures the benchmark reports. */
public final class Scorecard {

    /** A run as scored: its label and what the monitor raised, in order. */
    public record Scored(Recording recording, Label label, List<Detection> detections) {

        List<Detection> warnings() {
            return detections.stream().filter(Detection::warning).toList();
        }

        List<Detection> findings() {
            return detections.stream().filter(d -> d.warning() && !d.advice()).toList();
        }
    }

    public int bad;
    public int degraded;
    public int healthy;
    public int inconclusive;
    public int badDetected;
    public int degradedDetected;
    public int badDetectedWithoutAdvice;
    public int healthyFalseAlarms;
    public int healthyAdviceOnly;
    public int flagged;
    public int flaggedFaulty;
    public int faultyWithAlert;
    public int firstAlertRightCause;
    public int initFaults;
    public int initFaultsBeforeUpdate;
    public int initFaultsPreflightFinding;
    public int nonInitFaults;
    public int nonInitBlamedOnInit;
    public int controlsHealthy;
    public int controlsBlamedOnInit;
    public int contradictions;
    public int selfPrescriptions;
    public final List<Double> detectionEpochs = new ArrayList<>();
    public final List<Double> detectionSeconds = new ArrayList<>();
    /** label cause (or outcome) → first alert's cause (or none) → runs */
    public final Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    /** rule → [fired on bad, degraded, healthy, right cause among faulty] */
    public final Map<String, int[]> perRule = new TreeMap<>();
    public final List<String> falseAlarmExamples = new ArrayList<>();
    public final List<String> missedExamples = new ArrayList<>();

    public static Scorecard of(List<Scored> runs) {
        Scorecard s = new Scorecard();
        runs.forEach(s::add);
        return s;
    }

    private void add(Scored run) {
        Label label = run.label();
        List<Detection> warnings = run.warnings();
        List<Detection> findings = run.findings();
        switch (label.outcome()) {
            case INCONCLUSIVE -> {
                inconclusive++;
                return;
            }
            case BAD -> {
                bad++;
                badDetected += warnings.isEmpty() ? 0 : 1;
                badDetectedWithoutAdvice += findings.isEmpty() ? 0 : 1;
                if (warnings.isEmpty() && missedExamples.size() < 12) {
                    missedExamples.add(run.recording().corpusCase().id() + " (" + label.cause() + "; " + label.reason() + ")");
                }
            }
            case DEGRADED -> {
                degraded++;
                degradedDetected += warnings.isEmpty() ? 0 : 1;
            }
            case HEALTHY -> {
                healthy++;
                if (!findings.isEmpty()) {
                    healthyFalseAlarms++;
                    if (falseAlarmExamples.size() < 12) {
                        falseAlarmExamples.add(run.recording().corpusCase().id() + ": "
                                + findings.stream().map(Detection::rule).distinct().toList() + " (" + label.reason() + ")");
                    }
                } else if (!warnings.isEmpty()) {
                    healthyAdviceOnly++;
                }
            }
        }
        boolean faulty = label.outcome().faulty();
        if (!findings.isEmpty()) {
            flagged++;
            flaggedFaulty += faulty ? 1 : 0;
        }
        if (run.recording().corpusCase().control() != null && label.outcome() == Label.Outcome.HEALTHY) {
            controlsHealthy++;
            controlsBlamedOnInit += findings.stream().anyMatch(Detection::blamesInitialization) ? 1 : 0;
        }
        if (faulty) {
            Detection first = warnings.isEmpty() ? null : warnings.get(0);
            String row = label.cause() == null ? "?" : label.cause().wireName();
            String column = first == null ? "(none)" : first.cause() != null ? first.cause().wireName()
                    : first.anyInit() ? "(initialization)" : "(no cause)";
            confusion.computeIfAbsent(row, k -> new TreeMap<>()).merge(column, 1, Integer::sum);
            if (first != null) {
                faultyWithAlert++;
                firstAlertRightCause += first.names(label.cause()) ? 1 : 0;
                detectionEpochs.add((double) first.epoch());
                detectionSeconds.add(trainingSecondsBefore(run.recording(), first));
            }
            if (label.initializationFault()) {
                initFaults++;
                initFaultsBeforeUpdate += first != null && first.beforeFirstUpdate() ? 1 : 0;
                initFaultsPreflightFinding += run.findings().stream().anyMatch(d -> d.epoch() == 0
                        && d.iteration() != null && d.iteration() == 0) ? 1 : 0;
            } else {
                nonInitFaults++;
                nonInitBlamedOnInit += first != null && first.blamesInitialization() ? 1 : 0;
            }
        }
        if (warnings.stream().anyMatch(d -> d.cause() == Cause.VANISHING)
                && warnings.stream().anyMatch(d -> d.cause() == Cause.EXPLODING)) {
            contradictions++;
        }
        selfPrescriptions += (int) run.detections().stream().filter(d -> prescribesWhatItHas(d.text())).count();
        Map<String, Boolean> seenRules = new LinkedHashMap<>();
        for (Detection d : warnings) {
            if (seenRules.putIfAbsent(d.rule(), true) != null) {
                continue;
            }
            int[] counts = perRule.computeIfAbsent(d.rule(), k -> new int[4]);
            counts[label.outcome() == Label.Outcome.BAD ? 0 : label.outcome() == Label.Outcome.DEGRADED ? 1 : 2]++;
            if (faulty && d.names(label.cause())) {
                counts[3]++;
            }
        }
    }

    /** Training time spent before the evidence of a detection: whole epochs before it, plus a share of its own. */
    static double trainingSecondsBefore(Recording r, Detection d) {
        List<EpochMetrics> m = r.metrics();
        if (d.beforeFirstUpdate() || m.isEmpty()) {
            return 0;
        }
        double ms = 0;
        long previousIterations = 0;
        for (EpochMetrics e : m) {
            long iterationsThisEpoch = e.iteration() - previousIterations;
            if (d.iteration() != null && d.iteration() <= e.iteration()) {
                double share = iterationsThisEpoch == 0 ? 1
                        : (double) (d.iteration() - previousIterations) / iterationsThisEpoch;
                return (ms + share * e.epochTimeMs()) / 1000;
            }
            if (d.iteration() == null && e.epoch() >= d.epoch()) {
                return (ms + e.epochTimeMs()) / 1000;
            }
            ms += e.epochTimeMs();
            previousIterations = e.iteration();
        }
        return ms / 1000;
    }

    private static final Pattern NOW_AND_USE = Pattern.compile("now ([a-z-]+) [^)]*\\): use (He|Glorot)");

    /** "(relu, …, now he-normal σ² = 2/32 = 0.0625): use He, σ² = 2/32": a prescription of what the layer has. */
    static boolean prescribesWhatItHas(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = NOW_AND_USE.matcher(text);
        while (m.find()) {
            String now = m.group(1);
            String use = m.group(2);
            if (use.equals("He") && now.startsWith("he-") || use.equals("Glorot") && now.startsWith("xavier-")
                    && !now.equals("xavier-caffe")) {
                return true;
            }
        }
        return false;
    }

    public double recall() {
        return ratio(badDetected, bad);
    }

    public double degradedRecall() {
        return ratio(degradedDetected, degraded);
    }

    public double falseAlarmRate() {
        return ratio(healthyFalseAlarms, healthy);
    }

    public double precision() {
        return ratio(flaggedFaulty, flagged);
    }

    public double rightCause() {
        return ratio(firstAlertRightCause, faultyWithAlert);
    }

    public double beforeFirstUpdate() {
        return ratio(initFaultsBeforeUpdate, initFaults);
    }

    static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
