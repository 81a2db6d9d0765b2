package io.initwatch.trainer.training;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.jboss.logging.Logger;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.trainer.telemetry.TelemetryListener;
import io.initwatch.trainer.telemetry.TelemetrySink;
import io.initwatch.trainer.training.data.Dataset;
import io.initwatch.trainer.training.data.DatasetFactory;
import io.initwatch.trainer.training.data.InvalidDatasetException;
import io.initwatch.trainer.training.data.Task;

/**
 * Trains one run from start to end and publishes everything that happens to a {@link TelemetrySink}. Never
 * throws: a bad dataset, an exception in DL4J or a cancellation all end in a terminal {@link RunEvent}, so no
 * run is ever left without one.
 */
public final class Trainer {

    public static final String FRAMEWORK = "deeplearning4j 1.0.0-M2.1";
    private static final Logger LOG = Logger.getLogger(Trainer.class);

    private final TrainingSettings settings;

    public Trainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /**
     * @param cancelled polled before every update; when it turns true the run ends CANCELLED
     */
    public TrainingOutcome train(String runId, String experimentId, RunPlan plan, TelemetrySink sink,
            BooleanSupplier cancelled) {
        return train(runId, experimentId, plan, sink, RunControl.of(cancelled));
    }

    /**
     * @param control polled before every update; when it asks to stop the run ends CANCELLED with its reason
     */
    public TrainingOutcome train(String runId, String experimentId, RunPlan plan, TelemetrySink sink,
            RunControl control) {
        Session session = new Session(runId, experimentId, plan, sink, control);
        Dataset data;
        try {
            data = DatasetFactory.load(plan.dataset());
        } catch (InvalidDatasetException e) {
            return session.end(RunEventType.FAILED, 0, "bad dataset: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            return session.failed(e);
        }
        return session.train(data);
    }

    /**
     * Trains on data already loaded (the diagnosis benchmark hands in transformed data, e.g. unscaled inputs);
     * {@code plan.dataset()} is not read again.
     */
    public TrainingOutcome train(String runId, String experimentId, RunPlan plan, Dataset data, TelemetrySink sink,
            BooleanSupplier cancelled) {
        return train(runId, experimentId, plan, data, sink, RunControl.of(cancelled));
    }

    public TrainingOutcome train(String runId, String experimentId, RunPlan plan, Dataset data, TelemetrySink sink,
            RunControl control) {
        return new Session(runId, experimentId, plan, sink, control).train(data);
    }

    private static double accuracy(MultiLayerNetwork network, DataSet data) {
        INDArray predicted = network.output(data.getFeatures(), false).argMax(1);
        INDArray truth = data.getLabels().argMax(1);
        return predicted.eq(truth).castTo(DataType.FLOAT).meanNumber().doubleValue();
    }

    /** One run being trained: what every step of it needs, and how far it got. */
    private final class Session {
        private final String runId;
        private final String experimentId;
        private final RunPlan plan;
        private final TelemetrySink sink;
        private final RunControl control;
        private int epochsCompleted;

        Session(String runId, String experimentId, RunPlan plan, TelemetrySink sink, RunControl control) {
            this.runId = runId;
            this.experimentId = experimentId;
            this.plan = plan;
            this.sink = sink;
            this.control = control;
        }

        TrainingOutcome train(Dataset data) {
            try {
                BuiltModel model = MlpFactory.build(plan, data.inputSize(), data.outputSize(), data.task());
                sink.runEvent(RunEvent.started(runConfig(runId, experimentId, plan, data, model), now()));
                return loop(data, model);
            } catch (RuntimeException | Error e) {
                return failed(e);
            }
        }

        private TrainingOutcome loop(Dataset data, BuiltModel model) {
            MultiLayerNetwork network = model.network();
            DataSet train = data.train();
            TelemetryListener telemetry = null;
            if (settings.layerTelemetry()) {
                int probeRows = Math.min(settings.probeBatchSize(), train.numExamples());
                DataSet probe = (DataSet) train.getRange(0, probeRows);
                telemetry = new TelemetryListener(runId, experimentId, model.layers(), probe,
                        settings.telemetryEveryIterations(), sink);
                telemetry.preflight(network);
                network.setListeners(telemetry);
            }
            long iterations = 0;
            int consecutiveNonFinite = 0;
            int nonFiniteEpochs = 0;
            int firstNonFinite = 0;
            for (int epoch = 1; epoch <= plan.epochs(); epoch++) {
                long started = System.nanoTime();
                DataSet shuffled = train.copy();
                shuffled.shuffle(plan.seed() + epoch);
                List<DataSet> batches = shuffled.batchBy(plan.batchSize());
                double lossSum = 0;
                int examples = 0;
                for (int b = 0; b < batches.size(); b++) {
                    if (control.stopRequested()) {
                        String why = control.stopReason(iterations);
                        return end(RunEventType.CANCELLED, epoch - 1,
                                why == null ? "cancelled during epoch " + epoch : why);
                    }
                    DataSet batch = batches.get(b);
                    if (telemetry != null) {
                        telemetry.beforeIteration(iterations, epoch - 1, b == batches.size() - 1);
                    }
                    network.fit(batch);
                    iterations++;
                    control.updated(iterations);
                    lossSum += network.score() * batch.numExamples();
                    examples += batch.numExamples();
                }
                double trainLoss = lossSum / examples;
                boolean classification = data.task() == Task.CLASSIFICATION;
                Double validationLoss = data.validation() == null ? null : network.score(data.validation());
                Double trainAccuracy = classification ? accuracy(network, train) : null;
                Double validationAccuracy = classification && data.validation() != null
                        ? accuracy(network, data.validation()) : null;
                long epochMs = (System.nanoTime() - started) / 1_000_000;
                sink.epochMetrics(new EpochMetrics(EpochMetrics.SCHEMA_VERSION, runId, experimentId, epoch, iterations,
                        trainLoss, validationLoss, trainAccuracy, validationAccuracy, epochMs, now()));
                epochsCompleted = epoch;
                if (telemetry != null) {
                    telemetry.epochEnd(epoch, iterations);
                }
                if (Double.isFinite(trainLoss)) {
                    consecutiveNonFinite = 0;
                } else {
                    consecutiveNonFinite++;
                    nonFiniteEpochs++;
                    firstNonFinite = firstNonFinite == 0 ? epoch : firstNonFinite;
                    if (settings.maxNonFiniteEpochs() > 0 && consecutiveNonFinite >= settings.maxNonFiniteEpochs()) {
                        return end(RunEventType.FAILED, epoch,
                                "stopped: training loss was non-finite (" + trainLoss + ") for " + consecutiveNonFinite
                                        + " consecutive epochs, first at epoch " + firstNonFinite
                                        + " (initwatch.trainer.max-non-finite-epochs=" + settings.maxNonFiniteEpochs() + ")");
                    }
                }
                if (epoch < plan.epochs()) {
                    sink.runEvent(RunEvent.progress(runId, experimentId, epoch, plan.epochs(), now()));
                }
            }
            String reason = "completed " + plan.epochs() + " epochs"
                    + (nonFiniteEpochs == 0 ? "" : "; training loss was non-finite in " + nonFiniteEpochs
                            + " of them, first at epoch " + firstNonFinite + " (kept training: "
                            + "initwatch.trainer.max-non-finite-epochs=" + settings.maxNonFiniteEpochs() + ")");
            return end(RunEventType.FINISHED, plan.epochs(), reason);
        }

        // Errors too (out of memory, a missing native library): a run must end with an event, never hang RUNNING.
        TrainingOutcome failed(Throwable e) {
            LOG.errorf(e, "run %s failed", runId);
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return end(RunEventType.FAILED, epochsCompleted, message);
        }

        TrainingOutcome end(RunEventType type, int epochs, String reason) {
            sink.runEvent(RunEvent.ended(type, runId, experimentId, epochs, plan.epochs(), reason, now()));
            return new TrainingOutcome(type, epochs, reason);
        }
    }

    private static RunConfig runConfig(String runId, String experimentId, RunPlan plan, Dataset data,
            BuiltModel model) {
        return new RunConfig(runId, experimentId, plan.experimentName(), plan.name(), data.name(), data.inputSize(),
                data.outputSize(), model.layers(), plan.optimizer(), plan.learningRate(), plan.batchSize(), plan.epochs(), plan.seed(),
                model.lossFunction(), FRAMEWORK, Map.of(), plan.onAlert() == null ? null : plan.onAlert().wireName(),
                plan.repairOf());
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
