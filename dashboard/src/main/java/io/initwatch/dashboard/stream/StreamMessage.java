package io.initwatch.dashboard.stream;

/**
 * One SSE event, serialized once however many browsers receive it.
 *
 * @param event the SSE event name: {@code hello}, {@code update} or {@code resync}
 * @param id    the SSE id (the update's sequence); null for control events
 * @param json  the payload
 */
public record StreamMessage(String event, Long id, String json) {
}
