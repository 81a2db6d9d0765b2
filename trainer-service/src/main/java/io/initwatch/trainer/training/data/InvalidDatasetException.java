package io.initwatch.trainer.training.data;

/** A dataset that cannot be trained on; the message tells the user what to fix. */
public class InvalidDatasetException extends RuntimeException {
    public InvalidDatasetException(String message) {
        super(message);
    }

    public InvalidDatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
