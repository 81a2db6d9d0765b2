package io.initwatch.events;

/**
 * A command to a trainer, on the control topic ({@link Topics#CONTROL}), keyed by run id. Today there is one:
 * stop the run before its next update, because an alert met the run's {@link StopPolicy}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param action        {@link #STOP}
 * @param runId         the run to act on, also the record key
 * @param alertId       the alert that asked for it
 * @param rule          that alert's rule
 * @param severity      that alert's severity
 * @param epoch         the epoch of the alert's evidence
 * @param iteration     the iteration of the alert's evidence; may be null
 * @param reason        one line for the run's end reason, naming the rule and the alert id
 * @param timestampMs   when the command was sent, epoch milliseconds
 */
public record ControlCommand(
        int schemaVersion,
        String action,
        String runId,
        String alertId,
        String rule,
        Severity severity,
        int epoch,
        Long iteration,
        String reason,
        long timestampMs) {

    public static final int SCHEMA_VERSION = 1;
    public static final String STOP = "STOP";

    /** The stop command for an alert that met the run's policy. */
    public static ControlCommand stop(Alert alert, StopPolicy policy, long timestampMs) {
        String reason = "stopped by initwatch: alert " + alert.alertId() + " (" + alert.rule() + ", "
                + alert.severity() + ") met the run's policy onAlert=" + policy.wireName();
        return new ControlCommand(SCHEMA_VERSION, STOP, alert.runId(), alert.alertId(), alert.rule(),
                alert.severity(), alert.epoch(), alert.iteration(), reason, timestampMs);
    }
}
