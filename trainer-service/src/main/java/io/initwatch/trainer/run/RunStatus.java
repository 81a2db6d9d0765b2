package io.initwatch.trainer.run;

/** Where a run is in the service; the terminal ones match the contract's terminal {@code RunEventType}s. */
public enum RunStatus {
    QUEUED, RUNNING, FINISHED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
