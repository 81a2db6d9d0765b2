package io.initwatch.events;

/**
 * A change to the run rather than to its initializers, when the cause is not the initialization.
 *
 * @param change    what to do, one of {@link #LOWER_LEARNING_RATE}, {@link #RAISE_LEARNING_RATE},
 *                  {@link #STANDARDIZE_INPUTS}, {@link #FEWER_SATURATING_LAYERS}
 * @param parameter the run-config field concerned, e.g. {@code learningRate}; null when the change is not one number
 * @param current   its value now; null when unknown (no run config) or not a number
 * @param suggested the value to try; null when not a number
 */
public record RunChange(String change, String parameter, Double current, Double suggested) {

    public static final String LOWER_LEARNING_RATE = "lower-learning-rate";
    public static final String RAISE_LEARNING_RATE = "raise-learning-rate";
    public static final String STANDARDIZE_INPUTS = "standardize-inputs";
    public static final String FEWER_SATURATING_LAYERS = "fewer-saturating-layers";
}
