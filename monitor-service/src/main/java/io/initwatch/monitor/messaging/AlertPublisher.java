package io.initwatch.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.initwatch.monitor.config.TopicsConfig;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes alerts keyed by run id, with the rule and severity as headers so consumers can route without
 * parsing. An alert counts as published only once the broker acknowledged it ({@link AcknowledgedSends}).
 */
@ApplicationScoped
public class AlertPublisher {

    /** Alerts are rare (a handful per run), so buffering them never grows large; dropping one is not an option. */
    @Inject
    @Channel("alerts")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<Alert> emitter;

    @Inject
    AcknowledgedSends sends;

    @Inject
    TopicsConfig topics;

    @Inject
    MonitorMetrics metrics;

    /**
     * Publishes the alert unless it is already on the topic or on its way; null then. Else the future
     * completes once the broker has it (or the send was abandoned, see {@link AcknowledgedSends}).
     *
     * @param partition the input partition number whose records raised it, for retries after a failure
     */
    public CompletableFuture<Void> publish(Alert alert, int partition) {
        CompletableFuture<Void> sent = sends.send(alert.alertId(), topics.alerts(), partition, emitter,
                () -> message(alert), "alert " + alert.alertId() + " " + EventJson.toJson(alert));
        if (sent == null) {
            metrics.alertSuppressed();
        } else {
            sent.thenRun(() -> metrics.alertPublished(alert));
        }
        return sent;
    }

    private static Message<Alert> message(Alert alert) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(alert.runId())
                .withHeaders(List.of(
                        new RecordHeader(Alert.RULE_HEADER, alert.rule().getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(Alert.SEVERITY_HEADER, alert.severity().name().getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(Alert.ALERT_ID_HEADER, alert.alertId().getBytes(StandardCharsets.UTF_8))))
                .build();
        return Message.of(alert, Metadata.of(kafka));
    }

    /** Waits until every alert and dead letter sent so far is acknowledged by the broker; false on timeout. */
    public boolean awaitInFlight(Duration timeout) {
        return sends.awaitInFlight(timeout);
    }
}
