package io.initwatch.trainer.run;

public record SubmitResponse(String runId, String experimentId, RunStatus status) {
}
