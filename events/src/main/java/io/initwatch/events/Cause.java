package io.initwatch.events;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The probable cause an alert names, machine-readable. The first four are initialization problems, which a
 * different initializer fixes; the others are not, and an alert that names them does not blame the initializer.
 */
public enum Cause {
    /** Zero or constant weights: the units of a layer are identical and learn the same thing. */
    SYMMETRY("symmetry", true),
    /** Weights too small for the depth: the signal and its gradient shrink layer after layer. */
    VANISHING("vanishing", true),
    /** Weights too large: the signal and its gradient grow layer after layer, towards Infinity and NaN. */
    EXPLODING("exploding", true),
    /** An initializer meant for another activation family (He on tanh, Glorot or 1/n_in on ReLU). */
    INIT_MISMATCH("init-mismatch", true),
    /** The learning rate (or optimizer step), not the initialization. */
    LEARNING_RATE("learning-rate", false),
    /** Unscaled inputs or targets. */
    DATA_SCALING("data-scaling", false),
    /** Good training loss, bad validation loss: the model fits noise. */
    OVERFITTING("overfitting", false),
    /**
     * Not the initialization, and none of the above: the rest of the training setup, e.g. a deep stack of saturating activations whose derivative
     * shrinks the gradient whatever the initializer, a learning rate too low, or too few updates.
     */
    TRAINING_SETUP("training-setup", false);

    private final String wireName;
    private final boolean initialization;

    Cause(String wireName, boolean initialization) {
        this.wireName = wireName;
        this.initialization = initialization;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether a different initializer is the fix. */
    public boolean isInitialization() {
        return initialization;
    }

    public static Optional<Cause> parse(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static Cause fromWire(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("unknown cause '" + name + "'"));
    }
}
