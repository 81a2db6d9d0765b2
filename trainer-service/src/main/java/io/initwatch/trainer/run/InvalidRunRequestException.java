package io.initwatch.trainer.run;

/** A run config that cannot be trained; answered with 400 and this message. */
public class InvalidRunRequestException extends RuntimeException {
    public InvalidRunRequestException(String message) {
        super(message);
    }
}
