package io.initwatch.events.kafka;

import io.initwatch.events.LayerStats;

/** For {@code value.deserializer} settings, which need a class with a no-argument constructor. */
public class LayerStatsDeserializer extends EventDeserializer<LayerStats> {
    public LayerStatsDeserializer() {
        super(LayerStats.class);
    }
}
