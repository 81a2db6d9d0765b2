package io.initwatch.trainer.training;

/**
 * Service-wide knobs of the training loop (from {@code initwatch.trainer.*}).
 *
 * @param telemetryEveryIterations publish per-layer stats every N updates (1 = every update)
 * @param probeBatchSize           examples in the fixed probe batch that activation stats are measured on
 * @param maxNonFiniteEpochs       stop after this many consecutive epochs with a non-finite training loss; 0 =
 *                                 never stop, keep publishing
 * @param layerTelemetry           false only to measure what telemetry costs: no per-layer stats at all
 */
public record TrainingSettings(int telemetryEveryIterations, int probeBatchSize, int maxNonFiniteEpochs,
        boolean layerTelemetry) {
}
