package io.initwatch.trainer.config;

import java.util.Optional;

import io.initwatch.trainer.run.Limits;
import io.initwatch.trainer.training.TrainingSettings;
import io.smallrye.config.ConfigMapping;

/** {@code initwatch.trainer.*}; every default lives in application.properties, documented there. */
@ConfigMapping(prefix = "initwatch.trainer")
public interface TrainerConfig {

    /** When set, every /api request needs {@code Authorization: Bearer <token>}. */
    Optional<String> apiToken();

    /**
     * The only folder a run's {@code csvPath} may name files in (relative paths are resolved against it); uploads
     * are kept in its {@code uploads/} subfolder.
     */
    String dataDir();

    /** Runs trained at the same time (each uses the CPU fully; 1 suits a 2-core machine). */
    int maxConcurrentRuns();

    /** Runs that may wait behind the running ones before POST answers 429. */
    int queueCapacity();

    /**
     * Native (OpenMP) threads per ND4J operation. The networks here are small: more threads mostly spin, and
     * concurrent runs already use the other cores.
     */
    int nd4jThreads();

    /**
     * When the monitor should stop a run whose request names no {@code onAlert}: {@code critical}, {@code warning}
     * or {@code never}. It travels in the run's config; the monitor applies it.
     */
    String onAlert();

    /** Consecutive epochs with a non-finite training loss before a run is stopped; 0 = keep training. */
    int maxNonFiniteEpochs();

    Telemetry telemetry();

    LimitsConfig limits();

    interface Telemetry {
        /** Publish per-layer stats every N updates; 1 = every update. */
        int everyIterations();

        /** Training examples in the fixed probe batch that activations are measured on. */
        int probeBatchSize();
    }

    interface LimitsConfig {
        int maxHiddenLayers();

        int maxWidth();

        int maxSamples();

        int maxEpochs();

        long maxParameters();

        double maxLearningRate();

        long maxCsvBytes();
    }

    default Limits toLimits() {
        LimitsConfig l = limits();
        return new Limits(l.maxHiddenLayers(), l.maxWidth(), l.maxSamples(), l.maxEpochs(), l.maxParameters(),
                l.maxLearningRate(), l.maxCsvBytes());
    }

    default TrainingSettings toSettings() {
        return new TrainingSettings(telemetry().everyIterations(), telemetry().probeBatchSize(), maxNonFiniteEpochs(),
                true);
    }
}
