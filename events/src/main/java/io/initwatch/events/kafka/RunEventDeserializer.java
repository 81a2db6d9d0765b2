package io.initwatch.events.kafka;

import io.initwatch.events.RunEvent;

/** For {@code value.deserializer} settings, which need a class with a no-argument constructor. */
public class RunEventDeserializer extends EventDeserializer<RunEvent> {
    public RunEventDeserializer() {
        super(RunEvent.class);
    }
}
