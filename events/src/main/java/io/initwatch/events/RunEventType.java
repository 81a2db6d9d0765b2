package io.initwatch.events;

/** Lifecycle of one training run, in the order they can happen. */
public enum RunEventType {
    /** The run was accepted and training starts; carries the full {@link RunConfig}. */
    STARTED,
    /** Training progressed; carries {@code epoch} and {@code totalEpochs}. */
    PROGRESS,
    /** Training ran all its epochs (or stopped early by its own rule); {@code reason} says which. */
    FINISHED,
    /** Training could not go on; {@code reason} carries the error. */
    FAILED,
    /** A person or a client stopped the run. */
    CANCELLED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
