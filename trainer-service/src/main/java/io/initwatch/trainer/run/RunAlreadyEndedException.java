package io.initwatch.trainer.run;

/** Cancelling a run that has already ended; answered with 409. */
public class RunAlreadyEndedException extends RuntimeException {
    public RunAlreadyEndedException(String message) {
        super(message);
    }
}
