package io.initwatch.bench.score;

import io.initwatch.events.Cause;

/**
 * What a run's training actually did, decided from its losses and its reference run, never from any monitor.
 *
 * @param outcome  bad, degraded, healthy, or inconclusive (the textbook initialization did not learn either)
 * @param cause    for bad and degraded runs the cause class; for healthy controls what they vary (overfitting)
 * @param progress the run's learning as a fraction of its reference's (1 = as well as the textbook init)
 * @param reason   the numbers behind the label, for the report
 */
public record Label(Outcome outcome, Cause cause, double progress, String reason) {

    public enum Outcome {
        BAD, DEGRADED, HEALTHY, INCONCLUSIVE;

        public boolean faulty() {
            return this == BAD || this == DEGRADED;
        }
    }

    /** A bad or degraded run whose cause an initializer fixes. */
    public boolean initializationFault() {
        return outcome.faulty() && cause != null && cause.isInitialization();
    }
}
