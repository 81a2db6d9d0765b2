package io.initwatch.trainer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.StatsPhase;
import io.initwatch.trainer.telemetry.TelemetrySink;

/** Keeps every event a run publishes, for assertions in tests that need no broker. */
public class CapturingSink implements TelemetrySink {

    public final List<RunEvent> runEvents = new CopyOnWriteArrayList<>();
    public final List<EpochMetrics> metrics = new CopyOnWriteArrayList<>();
    public final List<LayerStats> layerStats = new CopyOnWriteArrayList<>();

    @Override
    public void runEvent(RunEvent event) {
        runEvents.add(event);
    }

    @Override
    public void epochMetrics(EpochMetrics m) {
        metrics.add(m);
    }

    @Override
    public void layerStats(LayerStats stats) {
        layerStats.add(stats);
    }

    public List<LayerStats> phase(StatsPhase phase) {
        return layerStats.stream().filter(s -> s.phase() == phase).toList();
    }
}
