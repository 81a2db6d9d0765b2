package io.initwatch.monitor.rules;

/**
 * Every number a rule compares against, grouped by rule. The defaults and the reasoning behind them are in
 * {@code docs/alerts.md}; the service fills this from {@code initwatch.rules.*} configuration.
 */
public record RuleThresholds(
        FlatLoss flatLoss,
        Divergence divergence,
        ErraticValidation erraticValidation,
        ExplodingGradients explodingGradients,
        VanishingGradients vanishingGradients,
        VariancePreservation variancePreservation,
        Symmetry symmetry,
        DeadRelu deadRelu,
        Saturation saturation,
        UpdateRatio updateRatio,
        InitMismatch initMismatch,
        Overfitting overfitting) {

    /**
     * @param windowEpochs     epochs in the sliding window (the first window is epochs 1..windowEpochs)
     * @param minRelativeDrop  the loss must fall by at least this fraction of its value at the window start
     * @param maxProgress      only a run whose loss is still within this fraction of its epoch-1 value is
     *                         "stuck"; below that it has learned and is merely converging
     * @param chanceMargin     a classifier whose loss stayed within this fraction of the chance loss ln(classes)
     *                         for the whole window is stuck, however it moved
     */
    public record FlatLoss(int windowEpochs, double minRelativeDrop, double maxProgress, double chanceMargin) {
    }

    /**
     * @param risingEpochs         consecutive epochs of rising training loss
     * @param minRelativeRise      and the rise over those epochs is at least this fraction of the loss before it
     * @param minStartRelativeRise and at least this fraction of the epoch-1 training loss (the run's starting
     *                             loss scale), so wobbles of a converged, near-zero loss are not divergence
     * @param maxGrowth            training loss above this multiple of its epoch-1 value is divergence outright
     */
    public record Divergence(int risingEpochs, double minRelativeRise, double minStartRelativeRise,
            double maxGrowth) {
    }

    /**
     * @param windowEpochs        validation losses looked at
     * @param minDirectionChanges up/down reversals within the window
     * @param minRelativeSwing    mean epoch-to-epoch change as a fraction of the previous value
     * @param minStartRelativeSwing and as a fraction of the epoch-1 training loss (the run's starting loss
     *                              scale), so the noise of a converged, near-zero loss is not instability
     */
    public record ErraticValidation(int windowEpochs, int minDirectionChanges, double minRelativeSwing,
            double minStartRelativeSwing) {
    }

    /**
     * @param maxGradientNorm a layer's gradient L2 norm above this is exploding
     * @param growthFactor    or it grew by at least this factor per epoch ...
     * @param growthEpochs    ... for this many consecutive epochs ...
     * @param minGrownNorm    ... to above this absolute norm and above the layer's first measured norm
     *                        (pre-flight, or the first snapshot seen): growth back from a dip, e.g. of tiny
     *                        gradients near convergence, is not an explosion
     */
    public record ExplodingGradients(double maxGradientNorm, double growthFactor, int growthEpochs,
            double minGrownNorm) {
    }

    /**
     * @param maxRatioToLastLayer a layer whose gradient norm is below this fraction of the last layer's
     * @param minGradientNorm     or below this absolute floor
     */
    public record VanishingGradients(double maxRatioToLastLayer, double minGradientNorm) {
    }

    /**
     * @param minHiddenLayers depth from which the pre-flight check applies
     * @param maxDrift        activation std of the last hidden layer more than this factor above or below
     *                        the first hidden layer's
     * @param maxFirstLayerStd a first hidden layer whose pre-flight activation std exceeds this under a suitable
     *                         initializer is fed unscaled inputs: the cause named is data scaling
     */
    public record VariancePreservation(int minHiddenLayers, double maxDrift, double maxFirstLayerStd) {
    }

    /**
     * @param maxWeightStd           a layer whose weights' std is at most this has identical weights
     * @param maxRelativeUnitSpread  or whose units' mean activations differ by at most this fraction of
     *                               the activation std
     */
    public record Symmetry(double maxWeightStd, double maxRelativeUnitSpread) {
    }

    /** @param maxZeroFraction a ReLU-family layer with at least this fraction of exact-zero activations */
    public record DeadRelu(double maxZeroFraction) {
    }

    /** @param maxSaturatedFraction a tanh/sigmoid layer with at least this fraction of saturated units */
    public record Saturation(double maxSaturatedFraction) {
    }

    /**
     * @param min         lower bound of a healthy ‖ΔW‖/‖W‖ (healthy is near 1e-3) ...
     * @param max         upper bound
     * @param earlyEpochs ... judged only in snapshots of epochs up to this one: a converged network
     *                    legitimately stops moving, so "too small" is an initialization signal only early on
     */
    public record UpdateRatio(double min, double max, int earlyEpochs) {
    }

    /**
     * @param maxVarianceRatio a layer's initial weight variance more than this factor away from the
     *                         variance its activation needs
     * @param farVarianceRatio and more than this factor away is named as weights too small (vanishing) or too large
     *                         (exploding) rather than an initializer meant for another activation family
     */
    public record InitMismatch(double maxVarianceRatio, double farVarianceRatio) {
    }

    /**
     * @param risingEpochs       validation loss rose in each of this many consecutive epochs
     * @param minValidationRise  to at least this fraction above its best, while training loss kept falling
     */
    public record Overfitting(int risingEpochs, double minValidationRise) {
    }

    public static RuleThresholds defaults() {
        return new RuleThresholds(
                new FlatLoss(5, 0.01, 0.2, 0.05),
                new Divergence(3, 0.05, 0.2, 2.0),
                new ErraticValidation(6, 3, 0.2, 0.3),
                new ExplodingGradients(1e5, 10.0, 2, 10.0),
                new VanishingGradients(1e-3, 1e-8),
                new VariancePreservation(3, 100.0, 20.0),
                new Symmetry(1e-12, 1e-6),
                new DeadRelu(0.9),
                new Saturation(0.3),
                new UpdateRatio(1e-5, 0.2, 3),
                new InitMismatch(1.5, 4.0),
                new Overfitting(3, 0.1));
    }
}
