package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.initwatch.events.Cause;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;

/**
 * A layer's gradient norm above a bound, or growing by a large factor epoch after epoch beyond the run's initial
 * scale: flagged while the numbers are still finite, before the first NaN. Growth alone is not enough: near
 * convergence tiny gradients can grow 10× per epoch and still be far below where they started, so a growing layer
 * counts only once its norm is above both {@code minGrownNorm} and its first measured norm.
 */
final class ExplodingGradientsRule implements Rule {
    static final String RULE = "exploding-gradients";
    private static final String ONCE = "run";

    private final RuleThresholds.ExplodingGradients t;
    private final RuleThresholds thresholds;

    ExplodingGradientsRule(RuleThresholds thresholds) {
        this.t = thresholds.explodingGradients();
        this.thresholds = thresholds;
    }

    @Override
    public void onLayers(RunState run, LayerStats stats, AlertSink out) {
        for (LayerStat layer : stats.layers()) {
            if (layer.gradientNorm() != null) {
                run.recordFirstGradientNorm(layer.index(), layer.gradientNorm());
            }
        }
        List<Integer> growing = stats.phase() == StatsPhase.EPOCH ? trackGrowth(run, stats) : List.of();
        if (out.fired(RULE, ONCE)) {
            return;
        }
        List<Integer> above = new ArrayList<>();
        double largest = 0;
        // An absolute norm says nothing about a textbook initialization: depth, width, batch and the loss set its
        // scale (a 40-layer He net that trains well starts above 1,000). There only growth counts.
        boolean judgeAbsolute = !Causes.initializationMatches(run, thresholds);
        for (LayerStat layer : stats.layers()) {
            if (judgeAbsolute && LayerFacts.finite(layer.gradientNorm()) && layer.gradientNorm() > t.maxGradientNorm()) {
                above.add(layer.index());
            }
            if (LayerFacts.finite(layer.gradientNorm())) {
                largest = Math.max(largest, layer.gradientNorm());
            }
        }
        if (above.isEmpty() && growing.isEmpty()) {
            return;
        }
        List<Integer> layers = above.isEmpty() ? growing : above;
        String seen = above.isEmpty()
                ? "Gradient norms of " + Fmt.layers(growing) + " grew at least " + Fmt.num(t.growthFactor())
                        + "× per epoch for " + t.growthEpochs() + " epochs in a row, past " + Fmt.num(t.minGrownNorm())
                        + " and past their first measured norms (largest now " + Fmt.num(largest(stats, growing)) + ")"
                : "Gradient norm of " + Fmt.layers(above) + " reached " + Fmt.num(largest) + " (limit "
                        + Fmt.num(t.maxGradientNorm()) + ")";
        Cause cause = Causes.of(run, Causes.Symptom.GROWING, thresholds);
        out.raise(AlertDraft.of(RULE, ONCE, cause.isInitialization() ? Severity.CRITICAL : Severity.WARNING)
                .cause(cause)
                .at(stats.epoch(), stats.iteration(), stats.timestampMs())
                .layers(layers)
                .title("Exploding gradients in " + Fmt.layers(layers))
                .diagnosis(seen + " in the " + stats.phase() + " snapshot at epoch " + stats.epoch() + ", iteration "
                        + stats.iteration() + ". NaN is likely next. " + RunAdvice.probableCause(run, cause, thresholds))
                .recommendation(RunAdvice.fix(run, cause, layers, LayerFacts.activations(stats), thresholds)
                        .then(" Gradient clipping (e.g. norm 1.0) only treats the symptom."))
                .evidence("maxGradientNorm", largest)
                .evidence("limit", t.maxGradientNorm())
                .evidence("growingLayers", growing.size())
                .evidence("minGrownNorm", t.minGrownNorm()));
    }

    private static double largest(LayerStats stats, List<Integer> layers) {
        java.util.Set<Integer> wanted = new java.util.HashSet<>(layers);
        double largest = 0;
        for (LayerStat layer : stats.layers()) {
            if (wanted.contains(layer.index()) && LayerFacts.finite(layer.gradientNorm())) {
                largest = Math.max(largest, layer.gradientNorm());
            }
        }
        return largest;
    }

    /** Updates per-layer growth streaks from this end-of-epoch snapshot; returns layers over the streak limit. */
    private List<Integer> trackGrowth(RunState run, LayerStats stats) {
        int size = LayerFacts.lastIndex(stats) + 1;
        if (size <= 0) {
            return List.of();
        }
        double[] previous = run.epochGradientNorms();
        int[] previousStreak = run.gradientGrowthStreak();
        double[] norms = new double[size];
        Arrays.fill(norms, Double.NaN);
        int[] streak = new int[size];
        List<Integer> growing = new ArrayList<>();
        for (LayerStat layer : stats.layers()) {
            int i = layer.index();
            if (i < 0 || !LayerFacts.finite(layer.gradientNorm())) {
                continue;
            }
            norms[i] = layer.gradientNorm();
            boolean grew = run.gradientEpoch() == stats.epoch() - 1 && i < previous.length
                    && previous[i] > 0 && norms[i] >= previous[i] * t.growthFactor();
            streak[i] = grew ? (i < previousStreak.length ? previousStreak[i] : 0) + 1 : 0;
            if (streak[i] >= t.growthEpochs() && norms[i] > t.minGrownNorm()
                    && !(norms[i] <= run.firstGradientNorm(i))) {
                growing.add(i);
            }
        }
        run.epochGradients(stats.epoch(), norms, streak);
        return growing;
    }
}
