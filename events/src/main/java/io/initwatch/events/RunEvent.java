package io.initwatch.events;

/**
 * A run's lifecycle event, on the runs topic.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param type          what happened
 * @param runId         the run, also the record key
 * @param experimentId  groups runs that differ only in their initialization (or seed); may be null
 * @param timestampMs   when it happened, epoch milliseconds
 * @param config        the full run configuration; required on {@link RunEventType#STARTED}, else null
 * @param epoch         epochs completed so far (PROGRESS, FINISHED, FAILED, CANCELLED); may be null
 * @param totalEpochs   epochs planned; may be null
 * @param reason        why the run ended (FINISHED, FAILED, CANCELLED), e.g. the exception message; may be null
 */
public record RunEvent(
        int schemaVersion,
        RunEventType type,
        String runId,
        String experimentId,
        long timestampMs,
        RunConfig config,
        Integer epoch,
        Integer totalEpochs,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    public static RunEvent started(RunConfig config, long timestampMs) {
        return new RunEvent(SCHEMA_VERSION, RunEventType.STARTED, config.runId(), config.experimentId(),
                timestampMs, config, 0, config.epochs(), null);
    }

    public static RunEvent progress(String runId, String experimentId, int epoch, int totalEpochs, long timestampMs) {
        return new RunEvent(SCHEMA_VERSION, RunEventType.PROGRESS, runId, experimentId, timestampMs, null,
                epoch, totalEpochs, null);
    }

    public static RunEvent ended(RunEventType type, String runId, String experimentId, int epoch, int totalEpochs,
            String reason, long timestampMs) {
        if (!type.isTerminal()) {
            throw new IllegalArgumentException(type + " does not end a run");
        }
        return new RunEvent(SCHEMA_VERSION, type, runId, experimentId, timestampMs, null, epoch, totalEpochs,
                reason);
    }
}
