package io.initwatch.events;

/**
 * One epoch's loss and accuracy, on the metrics topic. Losses may be non-finite: that is the point.
 *
 * @param schemaVersion      {@link #SCHEMA_VERSION}
 * @param runId              the run, also the record key
 * @param experimentId       may be null
 * @param epoch              1 for the first completed epoch
 * @param iteration          iterations (parameter updates) completed so far
 * @param trainLoss          mean training loss over the epoch (may be NaN or ±Infinity)
 * @param validationLoss     loss on the held-out split; null when there is none
 * @param trainAccuracy      fraction in [0,1]; null for regression
 * @param validationAccuracy fraction in [0,1]; null for regression or without a split
 * @param epochTimeMs        wall time of this epoch, milliseconds
 * @param timestampMs        when the epoch ended, epoch milliseconds
 */
public record EpochMetrics(
        int schemaVersion,
        String runId,
        String experimentId,
        int epoch,
        long iteration,
        double trainLoss,
        Double validationLoss,
        Double trainAccuracy,
        Double validationAccuracy,
        long epochTimeMs,
        long timestampMs) {

    public static final int SCHEMA_VERSION = 1;
}
