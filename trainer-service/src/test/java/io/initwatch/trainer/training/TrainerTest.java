package io.initwatch.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.StatsPhase;
import io.initwatch.trainer.CapturingSink;
import io.initwatch.trainer.run.Limits;
import io.initwatch.trainer.run.RunRequest;
import io.initwatch.trainer.run.RunRequestValidator;

/** The training loop with real DL4J and a sink that keeps every event. */
class TrainerTest {

    static final Limits LIMITS = new Limits(100, 1024, 20000, 1000, 5_000_000, 10, 10_000_000);
    private static final TrainingSettings EVERY_UPDATE = new TrainingSettings(1, 32, 3, true);

    @Test
    void everyIterationIsMeasuredWhenNIsOne() {
        CapturingSink sink = new CapturingSink();
        RunPlan plan = plan(request("circles", 100, 2, 8, "sigmoid", "xavier-uniform", null, "sgd", 0.1, 25, 2));
        TrainingOutcome outcome = new Trainer(EVERY_UPDATE).train("run-n1", "exp", plan, sink, () -> false);

        assertEquals(RunEventType.FINISHED, outcome.type());
        // 80 training rows in batches of 25 = 4 updates per epoch.
        List<LayerStats> iterations = sink.phase(StatsPhase.ITERATION);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), iterations.stream().map(LayerStats::iteration).toList());
        assertEquals(List.of(0, 0, 0, 0, 1, 1, 1, 1), iterations.stream().map(LayerStats::epoch).toList());
        for (LayerStats s : iterations) {
            assertEquals("exp", s.experimentId());
            for (LayerStat l : s.layers()) {
                assertAllMeasured(l);
                assertTrue(l.updateRatio() > 0, "every layer moves under SGD: " + l);
            }
        }
        LayerStat sigmoid = iterations.get(0).layers().get(0);
        assertEquals("sigmoid", sigmoid.activation());
        assertTrue(sigmoid.saturatedFraction() >= 0 && sigmoid.saturatedFraction() <= 1);
        LayerStats preflight = sink.phase(StatsPhase.PREFLIGHT).get(0);
        assertEquals(0, preflight.iteration());
        assertNull(preflight.layers().get(0).updateRatio(), "no update has happened before the first one");
        assertEquals(List.of(4L, 8L), sink.phase(StatsPhase.EPOCH).stream().map(LayerStats::iteration).toList());
        assertEquals(List.of(4L, 8L), sink.metrics.stream().map(EpochMetrics::iteration).toList());
    }

    @Test
    void aNonFiniteLossIsPublishedAndTrainingGoesOnWhenAskedTo() {
        CapturingSink sink = new CapturingSink();
        RunPlan plan = plan(request("blobs", 120, 30, 32, "relu", "standard-normal", null, "sgd", 0.01, 32, 4));
        TrainingOutcome outcome = new Trainer(new TrainingSettings(10, 32, 0, true)).train("run-nan", null, plan, sink,
                () -> false);

        assertEquals(RunEventType.FINISHED, outcome.type());
        assertEquals(4, outcome.epochsCompleted());
        assertTrue(outcome.reason().contains("non-finite in 4 of them, first at epoch 1"), outcome.reason());
        assertTrue(sink.metrics.stream().allMatch(m -> !Double.isFinite(m.trainLoss())));
        RunEvent end = sink.runEvents.get(sink.runEvents.size() - 1);
        assertEquals(outcome.reason(), end.reason());
    }

    @Test
    void aSymmetricInitShowsNoUnitSpreadBeforeTraining() {
        CapturingSink sink = new CapturingSink();
        RunPlan plan = plan(request("spirals", 100, 3, 8, "tanh", "constant", 0.5, "sgd", 0.1, 32, 1));
        new Trainer(EVERY_UPDATE).train("run-const", null, plan, sink, () -> false);
        LayerStat hidden = sink.phase(StatsPhase.PREFLIGHT).get(0).layers().get(1);
        assertEquals(0.0, hidden.unitSpread(), 1e-6, "identical units: " + hidden);
        assertEquals(0.0, hidden.weightStd(), 1e-9);
        assertEquals(0.5, hidden.weightMean(), 1e-6);
    }

    @Test
    void aDatasetThatTurnsBadBeforeTheRunEndsInAFailedEventWithTheReason(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        RunPlan plan = new RunRequestValidator(LIMITS, dir).validate(new RunRequest(null, null, "csv", null, null, null,
                "data.csv", null, 0.0, 2, 4, null, null, null, null, null, null, null, 2, null));
        Files.writeString(csv, "a,b,label\n1,2,0\n3,oops,1\n");

        CapturingSink sink = new CapturingSink();
        TrainingOutcome outcome = new Trainer(EVERY_UPDATE).train("run-csv", null, plan, sink, () -> false);

        assertEquals(RunEventType.FAILED, outcome.type());
        assertEquals(1, sink.runEvents.size(), "no STARTED: the run never had a network");
        RunEvent failed = sink.runEvents.get(0);
        assertEquals(RunEventType.FAILED, failed.type());
        assertTrue(failed.reason().contains("data.csv line 3 column 2: expected a number"), failed.reason());
    }

    @Test
    void cancellingStopsBeforeTheNextUpdate() {
        CapturingSink sink = new CapturingSink();
        AtomicInteger polls = new AtomicInteger();
        RunPlan plan = plan(request("xor", 200, 2, 8, "elu", "he-uniform", null, "momentum", 0.05, 16, 50));
        TrainingOutcome outcome = new Trainer(EVERY_UPDATE).train("run-cancel", null, plan, sink,
                () -> polls.incrementAndGet() > 15);

        assertEquals(RunEventType.CANCELLED, outcome.type());
        assertEquals(1, outcome.epochsCompleted(), "10 updates per epoch: cancelled in the second epoch");
        assertEquals(RunEventType.CANCELLED, sink.runEvents.get(sink.runEvents.size() - 1).type());
    }

    @Test
    void regressionAndIrisTrain() {
        CapturingSink regression = new CapturingSink();
        new Trainer(EVERY_UPDATE).train("run-reg", null,
                plan(request("regression", 200, 2, 16, "leakyrelu", "lecun-normal", null, "adam", 0.01, 32, 5)),
                regression, () -> false);
        assertEquals("mse", regression.runEvents.get(0).config().lossFunction());
        assertNull(regression.metrics.get(0).trainAccuracy());
        assertTrue(regression.metrics.get(4).trainLoss() < regression.metrics.get(0).trainLoss());

        CapturingSink iris = new CapturingSink();
        new Trainer(EVERY_UPDATE).train("run-iris", null,
                plan(request("iris", null, 2, 16, "relu", "he-normal", null, "adam", 0.01, 16, 15)), iris, () -> false);
        assertEquals(4, iris.runEvents.get(0).config().inputSize());
        assertEquals(3, iris.runEvents.get(0).config().outputSize());
        EpochMetrics last = iris.metrics.get(iris.metrics.size() - 1);
        assertNotNull(last.validationAccuracy());
        assertTrue(last.trainAccuracy() > 0.8, "Iris is easy: " + last);
    }

    private static void assertAllMeasured(LayerStat l) {
        for (Double v : new Double[] { l.gradientNorm(), l.biasGradientNorm(), l.weightNorm(), l.weightMean(),
                l.weightStd(), l.updateRatio(), l.activationMean(), l.activationStd(), l.zeroFraction(),
                l.saturatedFraction(), l.unitSpread() }) {
            assertNotNull(v, l.toString());
            assertTrue(Double.isFinite(v), l.toString());
        }
    }

    static RunRequest request(String dataset, Integer samples, int hidden, int width, String activation, String init,
            Double scale, String optimizer, double lr, int batch, int epochs) {
        return new RunRequest(null, null, dataset, samples, 0.1, null, null, null, 0.2, hidden, width, activation, init,
                scale, null, optimizer, lr, batch, epochs, 42L);
    }

    static RunPlan plan(RunRequest request) {
        return new RunRequestValidator(LIMITS).validate(request);
    }
}
