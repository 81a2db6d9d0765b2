package io.initwatch.events;

import java.util.List;

/**
 * Per-layer statistics of one run at one moment, on the layers topic.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param runId         the run, also the record key
 * @param experimentId  may be null
 * @param phase         pre-flight, sampled iteration, or end-of-epoch summary
 * @param epoch         epochs completed when measured (0 during the first epoch and pre-flight)
 * @param iteration     iterations completed when measured (0 for pre-flight)
 * @param layers        one entry per layer with weights, input side first
 * @param timestampMs   epoch milliseconds
 */
public record LayerStats(
        int schemaVersion,
        String runId,
        String experimentId,
        StatsPhase phase,
        int epoch,
        long iteration,
        List<LayerStat> layers,
        long timestampMs) {

    public static final int SCHEMA_VERSION = 1;

    public LayerStats {
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
