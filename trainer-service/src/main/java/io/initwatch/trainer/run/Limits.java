package io.initwatch.trainer.run;

/**
 * Sizes past which a config is refused as absurd for this service (from {@code initwatch.trainer.limits.*}).
 *
 * @param maxParameters weights and biases of the whole network
 */
public record Limits(int maxHiddenLayers, int maxWidth, int maxSamples, int maxEpochs, long maxParameters,
        double maxLearningRate, long maxCsvBytes) {
}
