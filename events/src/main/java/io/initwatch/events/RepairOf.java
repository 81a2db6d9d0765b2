package io.initwatch.events;

/**
 * Links a repair run to the run it repairs, with what the verification needs: the original's diagnosis and its
 * loss at the diagnosis epoch travel in the repair run's config, so the monitor can judge the repair without any
 * state of the original run (which may live on another partition, or be long forgotten).
 *
 * @param runId     the original run
 * @param alertId   the alert whose prescription the repair applies
 * @param rule      that alert's rule, e.g. {@code symmetric-weights}
 * @param epoch     the epoch the original was diagnosed at (0 = before the first update)
 * @param trainLoss the original's training loss at the verification epoch (max(epoch, 1)); null when the original
 *                  stopped before reaching it
 */
public record RepairOf(String runId, String alertId, String rule, int epoch, Double trainLoss) {

    /** The epoch the repair is judged at: the diagnosis epoch, or the first epoch for a pre-flight diagnosis. */
    public int verificationEpoch() {
        return Math.max(1, epoch);
    }
}
