package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Every number a rule compares against, grouped by rule. Each threshold is declared once, in {@link #DEFINITIONS}
 * (key, default, range, meaning); {@link #from} builds the active values from configuration and validates them,
 * {@link #defaults()} is the same with nothing configured. The reasoning behind each default is in
 * {@code docs/alerts.md}, whose tables a test compares with these declarations.
 */
public record RuleThresholds(
        FlatLoss flatLoss,
        DivergingLoss divergingLoss,
        ErraticValidationLoss erraticValidationLoss,
        ExplodingGradients explodingGradients,
        VanishingGradients vanishingGradients,
        VarianceNotPreserved varianceNotPreserved,
        SymmetricWeights symmetricWeights,
        DeadRelu deadRelu,
        SaturatedActivations saturatedActivations,
        UpdateRatio updateRatio,
        InitMismatch initMismatch,
        Overfitting overfitting) {

    private static final List<Threshold> DECLARED = new ArrayList<>();
    private static final double ANY = Double.MAX_VALUE;

    // --- flat-loss --------------------------------------------------------------------------------------------
    static final Threshold FLAT_WINDOW = integer("flat-loss.window-epochs", 5, 2, 10_000,
            "epochs in the sliding window (the first window is epochs 1..window-epochs)",
            t -> t.flatLoss().windowEpochs());
    static final Threshold FLAT_MIN_DROP = real("flat-loss.min-relative-drop", 0.01, 0, 1,
            "the loss must fall by at least this fraction of its value at the window start",
            t -> t.flatLoss().minRelativeDrop());
    static final Threshold FLAT_MAX_PROGRESS = real("flat-loss.max-progress", 0.2, 0, 1,
            "only a loss still within this fraction of its epoch-1 value (or of the chance loss) is stuck",
            t -> t.flatLoss().maxProgress());
    static final Threshold FLAT_CHANCE_MARGIN = real("flat-loss.chance-margin", 0.05, 0, 1,
            "a classifier whose loss stayed within this fraction of ln(classes) for the whole window is stuck",
            t -> t.flatLoss().chanceMargin());
    // --- diverging-loss ---------------------------------------------------------------------------------------
    static final Threshold DIVERGING_EPOCHS = integer("diverging-loss.rising-epochs", 3, 1, 10_000,
            "consecutive epochs of rising training loss", t -> t.divergingLoss().risingEpochs());
    static final Threshold DIVERGING_MIN_RISE = real("diverging-loss.min-relative-rise", 0.05, 0, ANY,
            "the rise over those epochs, as a fraction of the loss before it", t -> t.divergingLoss().minRelativeRise());
    static final Threshold DIVERGING_MIN_START_RISE = real("diverging-loss.min-start-relative-rise", 0.2, 0, ANY,
            "and as a fraction of the epoch-1 loss, so wobbles of a converged loss are not divergence",
            t -> t.divergingLoss().minStartRelativeRise());
    static final Threshold DIVERGING_MAX_GROWTH = real("diverging-loss.max-growth", 2.0, 1, ANY,
            "a training loss above this multiple of its epoch-1 value is divergence outright",
            t -> t.divergingLoss().maxGrowth());
    // --- erratic-validation-loss ------------------------------------------------------------------------------
    static final Threshold ERRATIC_WINDOW = integer("erratic-validation-loss.window-epochs", 6, 3, 10_000,
            "validation losses looked at", t -> t.erraticValidationLoss().windowEpochs());
    static final Threshold ERRATIC_CHANGES = integer("erratic-validation-loss.min-direction-changes", 3, 1, 10_000,
            "up/down reversals within the window", t -> t.erraticValidationLoss().minDirectionChanges());
    static final Threshold ERRATIC_SWING = real("erratic-validation-loss.min-relative-swing", 0.2, 0, ANY,
            "mean epoch-to-epoch change as a fraction of the previous value",
            t -> t.erraticValidationLoss().minRelativeSwing());
    static final Threshold ERRATIC_START_SWING = real("erratic-validation-loss.min-start-relative-swing", 0.3, 0, ANY,
            "and as a fraction of the epoch-1 training loss", t -> t.erraticValidationLoss().minStartRelativeSwing());
    // --- exploding-gradients ----------------------------------------------------------------------------------
    static final Threshold EXPLODING_MAX_NORM = real("exploding-gradients.max-gradient-norm", 1e5, 0, ANY,
            "a layer's gradient L2 norm above this is exploding (when the initializer is not known to suit)",
            t -> t.explodingGradients().maxGradientNorm());
    static final Threshold EXPLODING_GROWTH = real("exploding-gradients.growth-factor", 10, 1, ANY,
            "or it grew by at least this factor per epoch ...", t -> t.explodingGradients().growthFactor());
    static final Threshold EXPLODING_GROWTH_EPOCHS = integer("exploding-gradients.growth-epochs", 2, 1, 10_000,
            "... for this many consecutive epochs ...", t -> t.explodingGradients().growthEpochs());
    static final Threshold EXPLODING_MIN_GROWN = real("exploding-gradients.min-grown-norm", 10, 0, ANY,
            "... to above this norm and above the layer's first measured norm",
            t -> t.explodingGradients().minGrownNorm());
    // --- vanishing-gradients ----------------------------------------------------------------------------------
    static final Threshold VANISHING_RATIO = real("vanishing-gradients.max-ratio-to-last-layer", 1e-3, 0, 1,
            "a layer whose gradient norm is below this fraction of the last layer's",
            t -> t.vanishingGradients().maxRatioToLastLayer());
    static final Threshold VANISHING_FLOOR = real("vanishing-gradients.min-gradient-norm", 1e-8, 0, ANY,
            "or below this absolute floor", t -> t.vanishingGradients().minGradientNorm());
    // --- variance-not-preserved -------------------------------------------------------------------------------
    static final Threshold VARIANCE_MIN_LAYERS = integer("variance-not-preserved.min-hidden-layers", 3, 2, 10_000,
            "depth from which the pre-flight check applies", t -> t.varianceNotPreserved().minHiddenLayers());
    static final Threshold VARIANCE_MAX_DRIFT = real("variance-not-preserved.max-drift", 100, 1, ANY,
            "the last hidden layer's pre-flight activation std more than this factor above or below the first's",
            t -> t.varianceNotPreserved().maxDrift());
    static final Threshold VARIANCE_FIRST_LAYER_STD = real("variance-not-preserved.max-first-layer-std", 20, 0, ANY,
            "a first hidden layer louder than this under a suitable initializer means unscaled inputs",
            t -> t.varianceNotPreserved().maxFirstLayerStd());
    // --- symmetric-weights ------------------------------------------------------------------------------------
    static final Threshold SYMMETRY_WEIGHT_STD = real("symmetric-weights.max-weight-std", 1e-12, 0, ANY,
            "a layer whose weights' std is at most this has identical weights", t -> t.symmetricWeights().maxWeightStd());
    static final Threshold SYMMETRY_UNIT_SPREAD = real("symmetric-weights.max-relative-unit-spread", 1e-6, 0, ANY,
            "or whose units' mean activations differ by at most this fraction of the activation std",
            t -> t.symmetricWeights().maxRelativeUnitSpread());
    // --- dead-relu, saturated-activations ---------------------------------------------------------------------
    static final Threshold DEAD_RELU_ZEROS = real("dead-relu.max-zero-fraction", 0.9, 0, 1,
            "a ReLU-family layer with at least this fraction of exact-zero activations",
            t -> t.deadRelu().maxZeroFraction());
    static final Threshold SATURATED_FRACTION = real("saturated-activations.max-saturated-fraction", 0.3, 0, 1,
            "a tanh/sigmoid layer with at least this fraction of saturated units",
            t -> t.saturatedActivations().maxSaturatedFraction());
    // --- update-ratio -----------------------------------------------------------------------------------------
    static final Threshold UPDATE_MIN = real("update-ratio.min", 1e-5, 0, ANY,
            "lower bound of a healthy ‖ΔW‖/‖W‖ (healthy is near 1e-3)", t -> t.updateRatio().min());
    static final Threshold UPDATE_MAX = real("update-ratio.max", 0.2, 0, ANY,
            "upper bound of a healthy ‖ΔW‖/‖W‖", t -> t.updateRatio().max());
    static final Threshold UPDATE_EARLY_EPOCHS = integer("update-ratio.early-epochs", 3, 0, 10_000,
            "'too small' is judged only in snapshots of epochs up to this one", t -> t.updateRatio().earlyEpochs());
    // --- init-mismatch ----------------------------------------------------------------------------------------
    static final Threshold MISMATCH_RATIO = real("init-mismatch.max-variance-ratio", 1.5, 1, ANY,
            "a layer's initial variance more than this factor away from what its activation needs",
            t -> t.initMismatch().maxVarianceRatio());
    static final Threshold MISMATCH_FAR_RATIO = real("init-mismatch.far-variance-ratio", 4, 1, ANY,
            "beyond this factor the cause named is weights too small or too large, not another family's initializer",
            t -> t.initMismatch().farVarianceRatio());
    // --- overfitting ------------------------------------------------------------------------------------------
    static final Threshold OVERFIT_EPOCHS = integer("overfitting.rising-epochs", 3, 1, 10_000,
            "validation loss rose in each of this many consecutive epochs", t -> t.overfitting().risingEpochs());
    static final Threshold OVERFIT_RISE = real("overfitting.min-validation-rise", 0.1, 0, ANY,
            "to at least this fraction above its best, while training loss kept falling",
            t -> t.overfitting().minValidationRise());

    /** Every threshold, in the order of the docs. */
    public static final List<Threshold> DEFINITIONS = List.copyOf(DECLARED);

    public record FlatLoss(int windowEpochs, double minRelativeDrop, double maxProgress, double chanceMargin) {
    }

    public record DivergingLoss(int risingEpochs, double minRelativeRise, double minStartRelativeRise,
            double maxGrowth) {
    }

    public record ErraticValidationLoss(int windowEpochs, int minDirectionChanges, double minRelativeSwing,
            double minStartRelativeSwing) {
    }

    public record ExplodingGradients(double maxGradientNorm, double growthFactor, int growthEpochs,
            double minGrownNorm) {
    }

    public record VanishingGradients(double maxRatioToLastLayer, double minGradientNorm) {
    }

    public record VarianceNotPreserved(int minHiddenLayers, double maxDrift, double maxFirstLayerStd) {
    }

    public record SymmetricWeights(double maxWeightStd, double maxRelativeUnitSpread) {
    }

    public record DeadRelu(double maxZeroFraction) {
    }

    public record SaturatedActivations(double maxSaturatedFraction) {
    }

    public record UpdateRatio(double min, double max, int earlyEpochs) {
    }

    public record InitMismatch(double maxVarianceRatio, double farVarianceRatio) {
    }

    public record Overfitting(int risingEpochs, double minValidationRise) {
    }

    public static RuleThresholds defaults() {
        return from(key -> Optional.empty());
    }

    /**
     * The thresholds with every configured value in place of its default.
     *
     * @param configured the configured text of a threshold by its key without the {@code initwatch.rules.} prefix
     *                   (e.g. {@code flat-loss.window-epochs}), empty where nothing is configured
     * @throws IllegalArgumentException naming every key whose value is not a number, not whole where it must be,
     *                                  out of its range, or inconsistent with another (update-ratio.min &lt; max)
     */
    public static RuleThresholds from(Function<String, Optional<String>> configured) {
        Map<Threshold, Double> v = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Threshold def : DEFINITIONS) {
            try {
                v.put(def, configured.apply(def.key()).map(def::parse).orElse(def.defaultValue()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                v.put(def, def.defaultValue());
            }
        }
        if (!(v.get(UPDATE_MIN) < v.get(UPDATE_MAX))) {
            problems.add(UPDATE_MIN.configKey() + " (" + v.get(UPDATE_MIN) + ") must be below "
                    + UPDATE_MAX.configKey() + " (" + v.get(UPDATE_MAX) + ")");
        }
        if (!(v.get(MISMATCH_RATIO) <= v.get(MISMATCH_FAR_RATIO))) {
            problems.add(MISMATCH_RATIO.configKey() + " must not be above " + MISMATCH_FAR_RATIO.configKey());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid rule thresholds: " + String.join("; ", problems));
        }
        return new RuleThresholds(
                new FlatLoss(i(v, FLAT_WINDOW), v.get(FLAT_MIN_DROP), v.get(FLAT_MAX_PROGRESS), v.get(FLAT_CHANCE_MARGIN)),
                new DivergingLoss(i(v, DIVERGING_EPOCHS), v.get(DIVERGING_MIN_RISE), v.get(DIVERGING_MIN_START_RISE),
                        v.get(DIVERGING_MAX_GROWTH)),
                new ErraticValidationLoss(i(v, ERRATIC_WINDOW), i(v, ERRATIC_CHANGES), v.get(ERRATIC_SWING),
                        v.get(ERRATIC_START_SWING)),
                new ExplodingGradients(v.get(EXPLODING_MAX_NORM), v.get(EXPLODING_GROWTH), i(v, EXPLODING_GROWTH_EPOCHS),
                        v.get(EXPLODING_MIN_GROWN)),
                new VanishingGradients(v.get(VANISHING_RATIO), v.get(VANISHING_FLOOR)),
                new VarianceNotPreserved(i(v, VARIANCE_MIN_LAYERS), v.get(VARIANCE_MAX_DRIFT),
                        v.get(VARIANCE_FIRST_LAYER_STD)),
                new SymmetricWeights(v.get(SYMMETRY_WEIGHT_STD), v.get(SYMMETRY_UNIT_SPREAD)),
                new DeadRelu(v.get(DEAD_RELU_ZEROS)),
                new SaturatedActivations(v.get(SATURATED_FRACTION)),
                new UpdateRatio(v.get(UPDATE_MIN), v.get(UPDATE_MAX), i(v, UPDATE_EARLY_EPOCHS)),
                new InitMismatch(v.get(MISMATCH_RATIO), v.get(MISMATCH_FAR_RATIO)),
                new Overfitting(i(v, OVERFIT_EPOCHS), v.get(OVERFIT_RISE)));
    }

    /** The definition of a key (without the prefix), if it is one. */
    public static Optional<Threshold> definition(String key) {
        return DEFINITIONS.stream().filter(d -> d.key().equals(key)).findFirst();
    }

    private static int i(Map<Threshold, Double> values, Threshold def) {
        return (int) Math.round(values.get(def));
    }

    private static Threshold integer(String key, int defaultValue, double min, double max, String doc,
            ToDoubleFunction<RuleThresholds> active) {
        return declare(new Threshold(key, true, defaultValue, min, max, doc, active));
    }

    private static Threshold real(String key, double defaultValue, double min, double max, String doc,
            ToDoubleFunction<RuleThresholds> active) {
        return declare(new Threshold(key, false, defaultValue, min, max, doc, active));
    }

    private static Threshold declare(Threshold threshold) {
        DECLARED.add(threshold);
        return threshold;
    }
}
