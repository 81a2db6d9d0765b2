package io.initwatch.trainer.telemetry;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;

/** Where a run's contract events go: Kafka in the service, anything else in tests and benchmarks. */
public interface TelemetrySink {

    void runEvent(RunEvent event);

    void epochMetrics(EpochMetrics metrics);

    void layerStats(LayerStats stats);

    /** A sink that forwards to this one and then to {@code other}. */
    default TelemetrySink andThen(TelemetrySink other) {
        TelemetrySink first = this;
        return new TelemetrySink() {
            @Override
            public void runEvent(RunEvent event) {
                first.runEvent(event);
                other.runEvent(event);
            }

            @Override
            public void epochMetrics(EpochMetrics metrics) {
                first.epochMetrics(metrics);
                other.epochMetrics(metrics);
            }

            @Override
            public void layerStats(LayerStats stats) {
                first.layerStats(stats);
                other.layerStats(stats);
            }
        };
    }
}
