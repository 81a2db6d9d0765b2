package io.initwatch.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * When a run wants to be stopped on an alert ({@link RunConfig#onAlert()}): on a CRITICAL alert (the default), on
 * a WARNING or worse, or never.
 */
public enum StopPolicy {
    CRITICAL("critical"),
    WARNING("warning"),
    NEVER("never");

    /** What a run that names no policy gets: a broken run should not burn hours. */
    public static final StopPolicy DEFAULT = CRITICAL;

    private final String wireName;

    StopPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether an alert of this severity stops a run with this policy. */
    public boolean stopsOn(Severity severity) {
        return switch (this) {
            case CRITICAL -> severity == Severity.CRITICAL;
            case WARNING -> severity == Severity.CRITICAL || severity == Severity.WARNING;
            case NEVER -> false;
        };
    }

    /** Lenient (case and blanks do not matter); empty when the name is no policy. */
    public static Optional<StopPolicy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.wireName.equals(key)).findFirst();
    }
}
