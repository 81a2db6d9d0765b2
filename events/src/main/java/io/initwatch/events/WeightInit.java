package io.initwatch.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Weight initialization schemes and the variance each gives a layer with fan-in n_in and fan-out n_out.
 * This is the one place the formulas live: the trainer samples with them and the monitor prescribes with them.
 */
public enum WeightInit {
    /** All weights 0: every unit computes the same thing forever (symmetry). Never use. */
    ZEROS("zeros", Distribution.CONSTANT),
    /** All weights 1: symmetric like zeros, and large. Never use. */
    ONES("ones", Distribution.CONSTANT),
    /** All weights equal to {@code initScale}: symmetric. Never use. */
    CONSTANT("constant", Distribution.CONSTANT),
    /** N(0, 0.01²), like {@code np.random.randn(...) * 0.01}: breaks symmetry, but signals vanish in deep nets. */
    SMALL_NORMAL("small-normal", Distribution.NORMAL),
    /** N(0, 1): far too large for wide layers; activations and gradients explode. */
    STANDARD_NORMAL("standard-normal", Distribution.NORMAL),
    /** U(-1/√n_in, 1/√n_in), variance 1/(3·n_in). */
    UNIFORM("uniform", Distribution.UNIFORM),
    /** Glorot normal: σ² = 2/(n_in+n_out). For tanh, sigmoid, softsign, softmax. */
    XAVIER_NORMAL("xavier-normal", Distribution.NORMAL),
    /** Glorot uniform: U(±√(6/(n_in+n_out))), variance 2/(n_in+n_out). */
    XAVIER_UNIFORM("xavier-uniform", Distribution.UNIFORM),
    /** Caffe-style Xavier: σ² = 1/n_in. */
    XAVIER_CAFFE("xavier-caffe", Distribution.NORMAL),
    /** He/Kaiming normal: σ² = 2/n_in. For ReLU, Leaky ReLU, ELU. */
    HE_NORMAL("he-normal", Distribution.NORMAL),
    /** He uniform: U(±√(6/n_in)), variance 2/n_in. */
    HE_UNIFORM("he-uniform", Distribution.UNIFORM),
    /** LeCun normal: σ² = 1/n_in. */
    LECUN_NORMAL("lecun-normal", Distribution.NORMAL),
    /** LeCun uniform: U(±√(3/n_in)), variance 1/n_in. */
    LECUN_UNIFORM("lecun-uniform", Distribution.UNIFORM),
    /** N(0, s²) with a user-chosen s ({@code initScale}). */
    CUSTOM_NORMAL("custom-normal", Distribution.NORMAL);

    /** Shape of the distribution the weights are drawn from. */
    public enum Distribution { CONSTANT, NORMAL, UNIFORM }

    public static final double SMALL_NORMAL_STD = 0.01;

    private final String wireName;
    private final Distribution distribution;

    WeightInit(String wireName, Distribution distribution) {
        this.wireName = wireName;
        this.distribution = distribution;
    }

    public String wireName() {
        return wireName;
    }

    public Distribution distribution() {
        return distribution;
    }

    /** Whether all units of a layer start identical, so gradient descent can never tell them apart. */
    public boolean isSymmetric() {
        return distribution == Distribution.CONSTANT;
    }

    /**
     * Variance of the weights this scheme draws, Var(W). For constant schemes it is 0: the point is that
     * every weight is the same.
     *
     * @param scale {@code initScale}: σ for {@link #CUSTOM_NORMAL}; ignored by the others
     */
    public double variance(int nIn, int nOut, Double scale) {
        return switch (this) {
            case ZEROS, ONES, CONSTANT -> 0.0;
            case SMALL_NORMAL -> SMALL_NORMAL_STD * SMALL_NORMAL_STD;
            case STANDARD_NORMAL -> 1.0;
            case UNIFORM -> 1.0 / (3.0 * nIn);
            case XAVIER_NORMAL, XAVIER_UNIFORM -> 2.0 / (nIn + nOut);
            case XAVIER_CAFFE, LECUN_NORMAL, LECUN_UNIFORM -> 1.0 / nIn;
            case HE_NORMAL, HE_UNIFORM -> 2.0 / nIn;
            case CUSTOM_NORMAL -> {
                if (scale == null) {
                    throw new IllegalArgumentException("custom-normal needs initScale (σ)");
                }
                yield scale * scale;
            }
        };
    }

    /** Half-width a of U(-a, a) for uniform schemes (variance a²/3). */
    public double uniformLimit(int nIn, int nOut) {
        if (distribution != Distribution.UNIFORM) {
            throw new IllegalStateException(wireName + " is not uniform");
        }
        return Math.sqrt(3.0 * variance(nIn, nOut, null));
    }

    /** The scheme a layer with this activation should use: He for the ReLU family, Glorot for the rest. */
    public static WeightInit recommendedFor(Activation activation) {
        return activation.family() == Activation.Family.RELU ? HE_NORMAL : XAVIER_NORMAL;
    }

    /** Parses a wire name leniently (case and {@code _}/{@code -} do not matter). */
    public static Optional<WeightInit> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(w -> w.wireName.equals(key)).findFirst();
    }
}
