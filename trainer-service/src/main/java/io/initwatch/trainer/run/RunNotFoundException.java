package io.initwatch.trainer.run;

/** No run (or experiment) with that id; answered with 404. */
public class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(String message) {
        super(message);
    }
}
