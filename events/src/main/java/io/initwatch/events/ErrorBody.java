package io.initwatch.events;

/**
 * The body of every error answer of every initwatch service's HTTP API: {@code {"error": "what is wrong"}}.
 * Not a Kafka message; it lives here, as a plain record, so the trainer, the monitor and the dashboard declare
 * it once and a client reads all three the same way.
 *
 * @param error what is wrong, in words a person can act on
 */
public record ErrorBody(String error) {
}
