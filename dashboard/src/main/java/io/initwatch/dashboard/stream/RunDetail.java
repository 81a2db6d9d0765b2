package io.initwatch.dashboard.stream;

import java.util.List;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;

/**
 * A run's whole history as the page draws it.
 *
 * @param seq             the stream sequence this snapshot includes; live updates up to it are already in here
 * @param config          null until the STARTED event has been read
 * @param preflight       the iteration-0 snapshot (activation std per layer before any update); may be null
 * @param epochLayers     end-of-epoch layer snapshots, by epoch
 * @param iterationLayers sampled layer snapshots, by iteration
 * @param alerts          by epoch
 */
public record RunDetail(
        long seq,
        RunSummary run,
        RunConfig config,
        List<EpochMetrics> metrics,
        LayerStats preflight,
        List<LayerStats> epochLayers,
        List<LayerStats> iterationLayers,
        List<Alert> alerts) {
}
