package io.initwatch.monitor.rules;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One threshold, declared once: its key under {@code initwatch.rules.} (the rule's wire name, then the setting),
 * whether it is a whole number, its default, the range it must lie in, what it means, and how to read the active
 * value back from {@link RuleThresholds}. Kafka's {@code ConfigDef} is the model: configuration, the
 * {@code GET /api/rules} listing and the check of {@code docs/alerts.md} are all derived from these.
 */
public record Threshold(String key, boolean integer, double defaultValue, double min, double max, String doc,
        ToDoubleFunction<RuleThresholds> active) {

    public static final String PREFIX = "initwatch.rules.";

    /** The rule's wire name: the key up to its last dot. */
    public String rule() {
        return key.substring(0, key.lastIndexOf('.'));
    }

    public String configKey() {
        return PREFIX + key;
    }

    /** The value as written in configuration, validated; the message names the key, the value and the range. */
    double parse(String text) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(configKey() + ": '" + text + "' is not a number");
        }
        if (integer && value != Math.rint(value)) {
            throw new IllegalArgumentException(configKey() + ": " + text + " is not a whole number");
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s is outside [%s, %s] (%s)",
                    configKey(), text, format(min), format(max), doc));
        }
        return value;
    }

    /** The active value as a number a person reads: 5, not 5.0, for whole numbers. */
    public Number activeValue(RuleThresholds thresholds) {
        double value = active.applyAsDouble(thresholds);
        return integer ? (Number) (int) value : (Number) value;
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
