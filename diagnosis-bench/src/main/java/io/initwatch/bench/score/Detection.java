package io.initwatch.bench.score;

import io.initwatch.events.Cause;

/**
 * One alert of a monitor under test (initwatch or a peer's published rules), reduced to what the scorer compares.
 *
 * @param rule      the rule's name in that monitor
 * @param warning   WARNING or above (the peers' rules have no severities: every finding counts)
 * @param advice    configuration advice before training (initwatch's init-mismatch), reported on its own line
 * @param epoch     the epoch the evidence came from (0 = configuration or pre-flight)
 * @param iteration the iteration the evidence came from (0 or null = before the first update)
 * @param cause     the cause class the alert names; null when it names none
 * @param anyInit   the alert blames "the initialization" without saying how (a peer's poor-initialization rule)
 * @param text      what the alert says the fix is (initwatch only), for the self-prescription check
 */
public record Detection(String rule, boolean warning, boolean advice, int epoch, Long iteration, Cause cause,
        boolean anyInit, String text) {

    public boolean beforeFirstUpdate() {
        return epoch == 0 && (iteration == null || iteration == 0);
    }

    public boolean blamesInitialization() {
        return anyInit || (cause != null && cause.isInitialization());
    }

    /** Whether the alert names the labeled cause (a peer's generic "poor initialization" matches any init cause). */
    public boolean names(Cause labeled) {
        if (labeled == null) {
            return false;
        }
        return labeled == cause || (anyInit && labeled.isInitialization());
    }
}
