package io.initwatch.dashboard.stream;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.initwatch.dashboard.support.SampleRun;
import io.initwatch.events.EventJson;
import io.initwatch.events.StatsPhase;

/**
 * Prints how fast the history takes events and how big the browser's payloads get. Asserts nothing on time, so
 * it is left out of the default build: {@code ./mvnw -pl dashboard test -Dgroups=benchmark}.
 */
@Tag("benchmark")
class HistoryStoreBenchmark {
    private static final int RUNS = 200;
    private static final int EPOCHS = 200;

    @Test
    void ingestManyRuns() throws Exception {
        Caps caps = new Caps(500, 5000, 1000, 500, 20000);
        LiveFeed feed = new LiveFeed(caps);
        HistoryStore store = new HistoryStore(caps, feed);
        List<SampleRun> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(new SampleRun("exp-bench", "bench " + i, "relu", i % 2 == 0 ? "he-normal" : "xavier-normal", 20, EPOCHS));
        }
        long events = 0;
        long start = System.nanoTime();
        for (SampleRun run : runs) {
            store.accept(run.started());
            events++;
        }
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            for (SampleRun run : runs) {
                store.accept(run.typicalMetrics(epoch));
                store.accept(run.layers(StatsPhase.EPOCH, epoch, 0.1, 0.8, 1.0));
                events += 2;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int listBytes = EventJson.mapper().writeValueAsBytes(store.runs(null)).length;
        int detailBytes = EventJson.mapper().writeValueAsBytes(store.run(runs.get(0).runId).orElseThrow()).length;
        System.out.printf("initwatch dashboard benchmark: %d events (%d runs × %d epochs, metrics + 21-layer stats)"
                + " applied and serialized for the stream in %.2f s = %.0f events/s; GET /api/runs %d KB,"
                + " GET /api/runs/{id} %d KB%n", events, RUNS, EPOCHS, seconds, events / seconds, listBytes / 1024,
                detailBytes / 1024);
    }
}
