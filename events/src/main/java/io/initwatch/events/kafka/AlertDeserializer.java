package io.initwatch.events.kafka;

import io.initwatch.events.Alert;

/** For {@code value.deserializer} settings, which need a class with a no-argument constructor. */
public class AlertDeserializer extends EventDeserializer<Alert> {
    public AlertDeserializer() {
        super(Alert.class);
    }
}
