package io.initwatch.monitor.benchmark;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;

import java.util.function.Consumer;

import io.initwatch.kafka.BenchResults;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.StatsPhase;
import io.initwatch.monitor.testing.TelemetryEvents;

/**
 * Many concurrent runs as trainers publish them, epoch by epoch in turn: per epoch a metrics record, an
 * end-of-epoch snapshot of 4 layers and a progress event. One run in 20 goes NaN, one in 20 is stuck. The same
 * stream under another run-id prefix is another set of runs with the same work. {@code -Dbench.smoke=true} makes
 * it 50 runs of 20 epochs.
 */
final class BenchmarkTelemetry {
    static final int RUNS = BenchResults.SMOKE ? 50 : 1_000;
    static final int EPOCHS = BenchResults.SMOKE ? 20 : 333;
    static final int HIDDEN = 3;
    /** started + pre-flight + 3 per epoch + finished */
    static final long EVENTS = (long) RUNS * (2 + 3L * EPOCHS + 1);

    private BenchmarkTelemetry() {
    }

    static void generate(String runIdPrefix, Consumer<Object> out) {
        for (int run = 0; run < RUNS; run++) {
            out.accept(TelemetryEvents.started(config(runIdPrefix + run, 2, HIDDEN, 32, "relu", "he-normal", 2)));
            out.accept(snapshot(runIdPrefix + run, StatsPhase.PREFLIGHT, 0, HIDDEN + 1, i -> layer(i, "relu")));
        }
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            for (int run = 0; run < RUNS; run++) {
                String id = runIdPrefix + run;
                double loss = run % 20 == 1 ? 0.6931 : 0.1 + 0.6 * Math.pow(0.99, epoch);
                if (run % 20 == 0 && epoch >= EPOCHS * 3 / 10) {
                    loss = Double.NaN;
                }
                out.accept(metrics(id, epoch, loss, loss + 0.02));
                double lossForLayers = loss;
                out.accept(snapshot(id, StatsPhase.EPOCH, epoch, HIDDEN + 1,
                        i -> layer(i, i == HIDDEN ? "softmax" : "relu")
                                .gradient(Double.isNaN(lossForLayers) ? Double.NaN : 0.1 + 0.01 * i)));
                out.accept(RunEvent.progress(id, null, epoch, EPOCHS, TelemetryEvents.T0 + epoch * 1000L));
            }
        }
        for (int run = 0; run < RUNS; run++) {
            out.accept(RunEvent.ended(RunEventType.FINISHED, runIdPrefix + run, null, EPOCHS, EPOCHS, "done",
                    TelemetryEvents.T0 + EPOCHS * 1000L + 1));
        }
    }
}
