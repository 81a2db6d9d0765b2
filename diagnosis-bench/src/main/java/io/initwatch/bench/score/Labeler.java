package io.initwatch.bench.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.initwatch.bench.corpus.CorpusCase;
import io.initwatch.bench.corpus.Recording;
import io.initwatch.events.Activation;
import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.WeightInit;

/**
 * Labels every run of the corpus from what training did. The rule, with its numbers, is written down in
 * {@code docs/diagnosis-benchmark.md}; the constants below are the ones it quotes.
 *
 * <ul>
 * <li>A run's <em>progress</em> is how far its final training loss fell below the chance loss, as a fraction of
 * how far its reference (same model, data and seed under the textbook initializer) fell:
 * p = (chance − final) / (chance − final_ref).</li>
 * <li>bad: a non-finite loss, or the run's own p &lt; {@value #BAD_PROGRESS} (it stayed near chance while its
 * reference learned); degraded: the median p over the seeds &lt; {@value #DEGRADED_PROGRESS}; healthy
 * otherwise.</li>
 * <li>A run whose every hidden layer starts with the textbook variance (within a factor
 * {@value #EQUIVALENT_VARIANCE_RATIO}: He uniform for He normal, LeCun for Glorot on square layers) is judged
 * on its own: bad when non-finite or when it learned less than {@value #STUCK_LEARNED} of the chance loss.</li>
 * <li>When the reference itself learned less than {@value #REFERENCE_LEARNED} of the chance loss, the other
 * initializers of that model cannot be judged against it: inconclusive (unless non-finite).</li>
 * <li>Cause: the control's variable for controls (learning-rate, data-scaling, overfitting); symmetry for zero or
 * constant layers; otherwise the layer whose variance is furthest from textbook decides: more than
 * {@value #FAR_VARIANCE_RATIO}× too large is exploding, too small is vanishing, nearer is init-mismatch. A
 * textbook-initialized run that fails without a control is training-setup (or learning-rate when its loss is
 * non-finite).</li>
 * </ul>
 */
public final class Labeler {

    public static final double BAD_PROGRESS = 0.25;
    public static final double DEGRADED_PROGRESS = 0.7;
    public static final double EQUIVALENT_VARIANCE_RATIO = 1.5;
    public static final double FAR_VARIANCE_RATIO = 4;
    public static final double STUCK_LEARNED = 0.1;
    public static final double REFERENCE_LEARNED = 0.2;
    /** Validation loss this far above its best, while the training loss fell, is overfitting. */
    public static final double OVERFIT_RISE = 0.2;

    private Labeler() {
    }

    /** Labels every recording; the references are found among them. */
    public static Map<String, Label> label(List<Recording> recordings) {
        Map<String, Recording> referenceBySeed = new HashMap<>();
        for (Recording r : recordings) {
            if (r.corpusCase().reference()) {
                referenceBySeed.put(key(r.corpusCase().group(), r.corpusCase().seed()), r);
            }
        }
        // progress per run, then the median over the seeds of each (group, initializer)
        Map<String, List<Double>> progressByVariant = new HashMap<>();
        Map<String, Double> progress = new HashMap<>();
        for (Recording r : recordings) {
            Recording ref = referenceBySeed.get(key(r.corpusCase().referenceGroup(), r.corpusCase().seed()));
            double p = ref == null ? Double.NaN : progress(r, ref);
            progress.put(r.corpusCase().id(), p);
            progressByVariant.computeIfAbsent(variant(r.corpusCase()), k -> new ArrayList<>()).add(p);
        }
        Map<String, Label> labels = new HashMap<>();
        for (Recording r : recordings) {
            Recording ref = referenceBySeed.get(key(r.corpusCase().referenceGroup(), r.corpusCase().seed()));
            double median = median(progressByVariant.get(variant(r.corpusCase())));
            labels.put(r.corpusCase().id(), label(r, ref, median));
        }
        return labels;
    }

    static Label label(Recording r, Recording ref, double groupProgress) {
        CorpusCase c = r.corpusCase();
        Cause control = c.control() == null ? null : switch (c.control()) {
            case "learning-rate" -> Cause.LEARNING_RATE;
            case "data-scaling" -> Cause.DATA_SCALING;
            case "overfitting" -> Cause.OVERFITTING;
            default -> null;
        };
        boolean nonFinite = nonFinite(r);
        double chance = r.chanceLoss();
        double learned = (chance - finalLoss(r)) / chance;
        boolean textbookVariance = equivalentToTextbook(c);
        boolean selfJudged = textbookVariance && (control == null || ref == null || ref == r
                || c.referenceGroup().equals(c.group()));
        if (selfJudged) {
            if (nonFinite) {
                return new Label(Label.Outcome.BAD, control != null ? control : Cause.LEARNING_RATE, 0,
                        "non-finite loss under a textbook initialization");
            }
            if (learned < STUCK_LEARNED) {
                return new Label(Label.Outcome.BAD, control != null ? control : Cause.TRAINING_SETUP, learned,
                        fmt("learned %.3f of the chance loss %.3g under a textbook initialization", learned, chance));
            }
            if (control == Cause.OVERFITTING && overfit(r)) {
                return new Label(Label.Outcome.HEALTHY, Cause.OVERFITTING, 1, "validation loss rose while training loss fell");
            }
            return new Label(Label.Outcome.HEALTHY, null, 1, fmt("learned %.3f of the chance loss", learned));
        }
        Cause cause = control != null ? control : initCause(c);
        if (ref == null) {
            return new Label(Label.Outcome.INCONCLUSIVE, cause, Double.NaN, "no reference run");
        }
        double refLearned = (chance - finalLoss(ref)) / chance;
        if (nonFinite && !nonFinite(ref)) {
            return new Label(Label.Outcome.BAD, cause, 0, "non-finite loss; the reference stayed finite");
        }
        if (nonFinite(ref) || refLearned < REFERENCE_LEARNED) {
            return new Label(Label.Outcome.INCONCLUSIVE, cause, Double.NaN,
                    fmt("the reference learned only %.3f of the chance loss", refLearned));
        }
        double own = progress(r, ref);
        String why = fmt("progress %.2f of its reference (median over the seeds %.2f)", own, groupProgress);
        // staying near chance is seen in the run itself; "learns clearly slower" needs the seeds to rise above noise
        if (own < BAD_PROGRESS) {
            return new Label(Label.Outcome.BAD, cause, own, why);
        }
        if (groupProgress < DEGRADED_PROGRESS) {
            return new Label(Label.Outcome.DEGRADED, cause, groupProgress, why);
        }
        return new Label(Label.Outcome.HEALTHY, null, groupProgress, why);
    }

    /** The cause class the configuration shows, for a run whose initializer is not the textbook one. */
    public static Cause initCause(CorpusCase c) {
        double worst = 1;
        for (int i = 0; i < c.hidden().size(); i++) {
            CorpusCase.Layer layer = c.hidden().get(i);
            WeightInit init = WeightInit.parse(layer.init()).orElseThrow();
            if (init.isSymmetric()) {
                return Cause.SYMMETRY;
            }
            double ratio = varianceRatio(c, i);
            if (Math.abs(Math.log(ratio)) > Math.abs(Math.log(worst))) {
                worst = ratio;
            }
        }
        if (worst > FAR_VARIANCE_RATIO) {
            return Cause.EXPLODING;
        }
        if (worst < 1 / FAR_VARIANCE_RATIO) {
            return Cause.VANISHING;
        }
        return Cause.INIT_MISMATCH;
    }

    /** Every hidden layer within {@link #EQUIVALENT_VARIANCE_RATIO} of its textbook variance, none symmetric. */
    public static boolean equivalentToTextbook(CorpusCase c) {
        for (int i = 0; i < c.hidden().size(); i++) {
            if (WeightInit.parse(c.hidden().get(i).init()).orElseThrow().isSymmetric()) {
                return false;
            }
            double ratio = varianceRatio(c, i);
            if (ratio > EQUIVALENT_VARIANCE_RATIO || ratio < 1 / EQUIVALENT_VARIANCE_RATIO) {
                return false;
            }
        }
        return true;
    }

    /** Layer i's initial weight variance over the textbook variance for its activation and shape. */
    static double varianceRatio(CorpusCase c, int i) {
        CorpusCase.Layer layer = c.hidden().get(i);
        int nIn = i == 0 ? inputSize(c) : c.hidden().get(i - 1).width();
        int nOut = layer.width();
        WeightInit init = WeightInit.parse(layer.init()).orElseThrow();
        double actual = init.variance(nIn, nOut, layer.scale());
        double textbook = WeightInit.recommendedFor(Activation.parse(layer.activation()).orElseThrow())
                .variance(nIn, nOut, null);
        return actual / textbook;
    }

    private static int inputSize(CorpusCase c) {
        return c.dataset().equals("iris") ? 4 : 2;
    }

    static double progress(Recording r, Recording ref) {
        if (nonFinite(r)) {
            return 0;
        }
        double chance = r.chanceLoss();
        double gained = chance - finalLoss(ref);
        return gained <= 0 ? Double.NaN : (chance - finalLoss(r)) / gained;
    }

    static boolean nonFinite(Recording r) {
        return r.metrics().stream().anyMatch(m -> !Double.isFinite(m.trainLoss()));
    }

    static double finalLoss(Recording r) {
        List<EpochMetrics> m = r.metrics();
        return m.isEmpty() ? Double.NaN : m.get(m.size() - 1).trainLoss();
    }

    private static boolean overfit(Recording r) {
        double best = Double.POSITIVE_INFINITY;
        for (EpochMetrics m : r.metrics()) {
            if (m.validationLoss() != null) {
                best = Math.min(best, m.validationLoss());
            }
        }
        List<EpochMetrics> m = r.metrics();
        EpochMetrics last = m.get(m.size() - 1);
        return last.validationLoss() != null && last.validationLoss() > best * (1 + OVERFIT_RISE)
                && last.trainLoss() < m.get(0).trainLoss();
    }

    private static double median(List<Double> values) {
        List<Double> finite = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (finite.isEmpty()) {
            return Double.NaN;
        }
        int n = finite.size();
        return n % 2 == 1 ? finite.get(n / 2) : (finite.get(n / 2 - 1) + finite.get(n / 2)) / 2;
    }

    private static String key(String group, long seed) {
        return group + "|" + seed;
    }

    private static String variant(CorpusCase c) {
        return c.group() + "|" + c.initDescription() + "|" + c.control();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
