package io.initwatch.events.kafka;

import org.apache.kafka.common.serialization.Serializer;

import io.initwatch.events.EventJson;

/** Kafka serializer for any contract record, through {@link EventJson}. */
public class EventSerializer<T> implements Serializer<T> {
    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : EventJson.toBytes(data);
    }
}
