package io.initwatch.dashboard.stream;

/**
 * One change, as it goes to browsers: the event that arrived and the run's new summary, so the run list
 * needs no second request.
 *
 * @param seq  stream position, also the SSE event id
 * @param kind {@code run}, {@code metrics}, {@code layers} or {@code alert}
 * @param data the contract record that arrived (RunEvent, EpochMetrics, LayerStats, Alert)
 */
public record Update(long seq, String kind, String runId, RunSummary run, Object data) {
}
