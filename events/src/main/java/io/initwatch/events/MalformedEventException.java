package io.initwatch.events;

/** A message that cannot be read as the contract says; it belongs in the dead-letter topic with this message. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
