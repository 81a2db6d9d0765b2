package io.initwatch.monitor.rules;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;

/**
 * One diagnosis. A rule reads only one of the three streams per condition (config, epoch metrics or layer
 * statistics), so the order in which the topics interleave cannot change which alerts fire.
 */
public interface Rule {

    default void onConfig(RunState run, RunConfig config, long timestampMs, AlertSink out) {
    }

    default void onMetrics(RunState run, EpochMetrics metrics, AlertSink out) {
    }

    default void onLayers(RunState run, LayerStats stats, AlertSink out) {
    }
}
