package io.initwatch.events;

/** How urgent an alert is, in rising order. */
public enum Severity {
    /** Worth knowing; nothing to fix about initialization (e.g. overfitting, advice before training). */
    INFO,
    /** Training is likely slowed or biased by initialization; fix before the next run. */
    WARNING,
    /** Training is broken (NaN, exploding, symmetric units); stop and fix now. */
    CRITICAL
}
