package io.initwatch.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Activation names used in the contract, grouped by the initialization each family needs. */
public enum Activation {
    RELU("relu", Family.RELU),
    LEAKY_RELU("leakyrelu", Family.RELU),
    ELU("elu", Family.RELU),
    TANH("tanh", Family.SATURATING),
    SIGMOID("sigmoid", Family.SATURATING),
    SOFTSIGN("softsign", Family.SATURATING),
    IDENTITY("identity", Family.LINEAR),
    SOFTMAX("softmax", Family.OUTPUT);

    /** What an activation does to variance, which decides the initializer it needs. */
    public enum Family {
        /** Zeroes (or shrinks) negative inputs, halving the variance: needs He, σ² = 2/n_in. */
        RELU,
        /** Symmetric around 0 and flat at the ends: needs Glorot, σ² = 2/(n_in+n_out). */
        SATURATING,
        /** Passes variance through: Glorot or LeCun. */
        LINEAR,
        /** Output layer normalisation: Glorot. */
        OUTPUT
    }

    private final String wireName;
    private final Family family;

    Activation(String wireName, Family family) {
        this.wireName = wireName;
        this.family = family;
    }

    public String wireName() {
        return wireName;
    }

    public Family family() {
        return family;
    }

    /** Parses a wire name leniently ({@code ReLU}, {@code leaky_relu} and {@code leaky-relu} all work). */
    public static Optional<Activation> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return Arrays.stream(values()).filter(a -> a.wireName.equals(key)).findFirst();
    }
}
