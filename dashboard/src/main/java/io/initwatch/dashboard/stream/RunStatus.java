package io.initwatch.dashboard.stream;

import io.initwatch.events.RunEventType;

/** Where a run is in its life, as the dashboard shows it. */
public enum RunStatus {
    /** Metrics or alerts arrived but the STARTED event has not (topics are read independently). */
    PENDING,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    static RunStatus after(RunEventType type) {
        return switch (type) {
            case STARTED, PROGRESS -> RUNNING;
            case FINISHED -> FINISHED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
