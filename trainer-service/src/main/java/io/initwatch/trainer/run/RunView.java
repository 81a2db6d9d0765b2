package io.initwatch.trainer.run;

/**
 * A run as the REST API shows it. Losses are the last completed epoch's and may be non-finite (JSON strings
 * "NaN"/"Infinity", as on the topics).
 */
public record RunView(
        String runId,
        String experimentId,
        String name,
        RunStatus status,
        boolean cancelRequested,
        int epoch,
        int totalEpochs,
        Double trainLoss,
        Double validationLoss,
        Double trainAccuracy,
        Double validationAccuracy,
        String reason,
        long createdAtMs,
        Long startedAtMs,
        Long endedAtMs,
        RunRequest request,
        @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "the run this one repairs")
        String repairOf,
        @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "the run that repairs this one")
        String repairRunId) {
}
