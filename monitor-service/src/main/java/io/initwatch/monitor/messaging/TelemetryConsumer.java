package io.initwatch.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * One consumer on the runs, metrics and layers topics, in batches of raw bytes: decoding here (not in a
 * deserializer) lets each unreadable record go to the dead-letter topic alone while the rest of the batch is
 * processed. The rules run on a worker thread, in order, never on the Vert.x event loop.
 */
@ApplicationScoped
public class TelemetryConsumer {

    @Inject
    TelemetryProcessor processor;

    @Incoming("telemetry")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, byte[]> records) {
        processor.process(records);
    }
}
