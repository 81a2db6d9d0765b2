package io.initwatch.trainer.run;

/** The bounded run queue cannot take the runs asked for; answered with 429. */
public class QueueFullException extends RuntimeException {
    public QueueFullException(String message) {
        super(message);
    }
}
