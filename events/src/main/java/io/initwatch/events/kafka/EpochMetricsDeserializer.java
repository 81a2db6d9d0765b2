package io.initwatch.events.kafka;

import io.initwatch.events.EpochMetrics;

/** For {@code value.deserializer} settings, which need a class with a no-argument constructor. */
public class EpochMetricsDeserializer extends EventDeserializer<EpochMetrics> {
    public EpochMetricsDeserializer() {
        super(EpochMetrics.class);
    }
}
