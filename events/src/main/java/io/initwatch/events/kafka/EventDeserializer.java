package io.initwatch.events.kafka;

import org.apache.kafka.common.serialization.Deserializer;

import io.initwatch.events.EventJson;

/**
 * Kafka deserializer for one contract record type. Throws {@link io.initwatch.events.MalformedEventException}
 * on bad input, so a consumer's failure handling can route the record to the dead-letter topic.
 */
public class EventDeserializer<T> implements Deserializer<T> {
    private final Class<T> type;

    public EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return EventJson.fromBytes(data, type);
    }
}
