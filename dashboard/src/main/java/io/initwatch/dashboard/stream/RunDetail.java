package io.initwatch.dashboard.stream;

import java.util.List;

import io.initwatch.events.Alert;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;

/**
 * A run's whole history as the page draws it, and only that: the live stream's updates carry the contract's whole
 * records, this snapshot only what the page's charts, tables and texts use.
 *
 * @param seq             the stream sequence this snapshot includes; live updates up to it are already in here
 * @param config          null until the STARTED event has been read
 * @param metrics         by epoch
 * @param preflight       the iteration-0 snapshot, whole (activation std per layer before any update); may be null
 * @param epochLayers     end-of-epoch gradient norms per layer, by epoch
 * @param iterationLayers sampled gradient norms per layer, by iteration; empty once the run has an end-of-epoch
 *                        snapshot, since the page then draws those
 * @param alerts          by epoch
 */
public record RunDetail(
        long seq,
        RunSummary run,
        RunConfig config,
        List<EpochPoint> metrics,
        LayerStats preflight,
        List<GradientNorms> epochLayers,
        List<GradientNorms> iterationLayers,
        List<Alert> alerts) {
}
