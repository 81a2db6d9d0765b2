package io.initwatch.events;

/** When a {@link LayerStats} snapshot was taken. */
public enum StatsPhase {
    /** Iteration 0, before the first update: forward and backward pass on the probe batch only. */
    PREFLIGHT,
    /** Sampled every N iterations during training. */
    ITERATION,
    /** Summary at the end of an epoch. */
    EPOCH
}
