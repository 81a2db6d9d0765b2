package io.initwatch.dashboard.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.initwatch.dashboard.support.SampleRun;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;

class RunHistoryTest {
    private final Caps caps = new Caps(1L << 40, 10, 10, 3, 100);

    private void replay(RunHistory history, SampleRun run, int epochs) {
        history.apply(run.started());
        history.apply(run.layers(StatsPhase.PREFLIGHT, 0, 0.1, 0.5, 1.0));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            history.apply(run.typicalMetrics(epoch));
            history.apply(run.layers(StatsPhase.EPOCH, epoch, 0.1, 0.5, 1.0));
            history.apply(run.progress(epoch));
        }
        history.apply(run.alert("vanishing-gradients", Severity.WARNING, 2, "t", "d", "r"));
    }

    @Test
    void replayingTheTopicsAgainLeavesTheSameHistory() {
        SampleRun run = SampleRun.named("replayed", "xavier-normal");
        RunHistory once = new RunHistory(run.runId, caps);
        replay(once, run, 5);
        RunHistory twice = new RunHistory(run.runId, caps);
        replay(twice, run, 5);
        replay(twice, run, 5);
        assertEquals(once.detail(1), twice.detail(1));
        assertEquals(once.retainedBytes(), twice.retainedBytes(), "a replayed point replaces its bytes too");
        assertEquals(5, twice.detail(1).metrics().size());
        assertEquals(1, twice.detail(1).alerts().size());
    }

    @Test
    void aLongRunIsThinnedButKeepsItsFirstAndLastEpochs() {
        SampleRun run = SampleRun.named("long", "he-normal");
        RunHistory history = new RunHistory(run.runId, caps);
        for (int epoch = 1; epoch <= 100; epoch++) {
            history.apply(run.typicalMetrics(epoch));
        }
        List<Integer> epochs = history.metrics().stream().map(EpochMetrics::epoch).toList();
        assertTrue(epochs.size() <= caps.maxPointsPerRun(), epochs.toString());
        assertEquals(1, epochs.get(0));
        assertEquals(100, epochs.get(epochs.size() - 1));
        assertEquals(epochs.stream().sorted().distinct().toList(), epochs);
    }

    @Test
    void aLateProgressEventDoesNotReviveAFinishedRun() {
        SampleRun run = SampleRun.named("ended", "he-normal");
        RunHistory history = new RunHistory(run.runId, caps);
        history.apply(run.started());
        history.apply(run.finished());
        history.apply(run.progress(3));
        assertEquals(RunStatus.FINISHED, history.summary().status());
        assertEquals(run.epochs, history.summary().epoch());
    }

    @Test
    void healthIsTheWorstAlertAndInfoLeavesItOk() {
        SampleRun run = SampleRun.named("health", "he-normal");
        RunHistory history = new RunHistory(run.runId, caps);
        history.apply(run.alert("overfitting", Severity.INFO, 9, "t", "d", "r"));
        assertEquals(Health.OK, history.summary().health());
        history.apply(run.alert("non-finite-loss", Severity.CRITICAL, 3, "t", "d", "r"));
        history.apply(run.alert("vanishing-gradients", Severity.WARNING, 4, "t", "d", "r"));
        assertEquals(Health.CRITICAL, history.summary().health());
    }

    @Test
    void metricsBeforeTheStartEventMakeAPendingRunNamedByItsId() {
        SampleRun run = SampleRun.named("early metrics", "he-normal");
        RunHistory history = new RunHistory(run.runId, caps);
        history.apply(run.typicalMetrics(1));
        assertEquals(RunStatus.PENDING, history.summary().status());
        assertEquals(run.runId, history.summary().name());
        history.apply(run.started());
        assertEquals(RunStatus.RUNNING, history.summary().status());
        assertEquals("early metrics", history.summary().name());
        assertEquals(5, history.summary().hiddenLayers());
        assertEquals("he-normal", history.summary().weightInit());
        assertEquals("relu", history.summary().activation());
    }

    /** The estimated bytes of what {@code events} leave in a store with room for everything. */
    private static long bytesOf(Consumer<HistoryStore> events) {
        Caps roomy = new Caps(1L << 40, 5000, 1000, 500, 100);
        HistoryStore store = new HistoryStore(roomy, new LiveFeed(roomy));
        events.accept(store);
        return store.retainedBytes();
    }

    private static void feed(HistoryStore store, SampleRun run, int epochs) {
        store.accept(run.started());
        store.accept(run.layers(StatsPhase.PREFLIGHT, 0, 0.1, 0.5, 1.0));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            store.accept(run.typicalMetrics(epoch));
            store.accept(run.layers(StatsPhase.EPOCH, epoch, 0.1, 0.5, 1.0));
            store.accept(run.progress(epoch));
        }
    }

    @Test
    void theStoreForgetsTheStalestFinishedRunFirst() {
        long oneRun = bytesOf(store -> store.accept(SampleRun.named("running", "he-normal").started()));
        Caps roomForThree = new Caps(3 * oneRun + oneRun / 2, 10, 10, 3, 100);
        HistoryStore store = new HistoryStore(roomForThree, new LiveFeed(roomForThree));
        SampleRun finished = SampleRun.named("finished", "zeros");
        store.accept(finished.started());
        store.accept(finished.finished());
        SampleRun running = SampleRun.named("running", "he-normal");
        store.accept(running.started());
        SampleRun second = SampleRun.named("second", "he-normal");
        store.accept(second.started());
        SampleRun third = SampleRun.named("third", "he-normal");
        store.accept(third.started());
        List<String> kept = store.runs(null).stream().map(RunSummary::runId).toList();
        assertEquals(3, kept.size());
        assertTrue(!kept.contains(finished.runId) && kept.contains(running.runId), kept.toString());
    }

    @Test
    void theHistoryStaysUnderItsByteCapForgettingTheLeastRecentlyUpdatedRuns() throws InterruptedException {
        int epochs = 20;
        long oneRun = bytesOf(store -> feed(store, new SampleRun(null, "run 0", "relu", "he-normal", 9, epochs), epochs));
        long cap = 5 * oneRun + oneRun / 2;
        Caps capped = new Caps(cap, 5000, 1000, 500, 100);
        HistoryStore store = new HistoryStore(capped, new LiveFeed(capped));
        List<SampleRun> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // Each run's events are stamped from its creation: a later run is the more recently updated one.
            Thread.sleep(2);
            SampleRun run = new SampleRun(null, "run " + i, "relu", "he-normal", 9, epochs);
            runs.add(run);
            feed(store, run, epochs);
            assertTrue(store.retainedBytes() <= cap, store.retainedBytes() + " bytes held, the cap is " + cap);
        }
        List<String> newestFive = new ArrayList<>(runs.subList(15, 20).stream().map(r -> r.runId).toList());
        Collections.reverse(newestFive);
        assertEquals(newestFive, store.runs(null).stream().map(RunSummary::runId).toList());
        assertTrue(store.run(runs.get(0).runId).isEmpty(), "the oldest run is forgotten");
        RunDetail newest = store.run(runs.get(19).runId).orElseThrow();
        assertEquals(epochs, newest.metrics().size());
        assertEquals(epochs, newest.epochLayers().size());
    }
}
