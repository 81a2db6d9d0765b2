package io.initwatch.dashboard.stream;

/**
 * One line of the run list. Losses may be non-finite; they reach the browser as "NaN"/"Infinity" strings.
 *
 * @param experimentName the experiment's human name (untrusted text); null when the trainer gave none
 * @param name         the run's human name (untrusted text), or its id when it has none
 * @param hiddenLayers layers with weights before the output layer
 * @param width        units of the first layer
 * @param lastAccuracy latest validation accuracy, else training accuracy
 * @param repairOf     on a repair run, the id of the run it repairs (its config's {@code repairOf.runId}); else null
 */
public record RunSummary(
        String runId,
        String experimentId,
        String experimentName,
        String name,
        String dataset,
        String activation,
        String weightInit,
        Integer hiddenLayers,
        Integer width,
        String optimizer,
        Double learningRate,
        RunStatus status,
        Health health,
        int epoch,
        Integer totalEpochs,
        String reason,
        Long startedAtMs,
        long updatedAtMs,
        Double lastTrainLoss,
        Double lastValidationLoss,
        Double lastAccuracy,
        int alertCount,
        String repairOf) {
}
