package io.initwatch.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How urgent an alert is, in rising order. */
public enum Severity {
    /** Worth knowing; nothing to fix about initialization (e.g. overfitting, advice before training). */
    INFO,
    /** Training is likely slowed or biased by initialization; fix before the next run. */
    WARNING,
    /** Training is broken (NaN, exploding, symmetric units); stop and fix now. */
    CRITICAL;

    /** Parses a name leniently (case and surrounding blanks do not matter); empty when it names no severity. */
    public static Optional<Severity> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(key)).findFirst();
    }
}
