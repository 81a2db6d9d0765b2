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
import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes alerts keyed by run id, with the rule and severity as headers so consumers can route without
 * parsing. Counts alerts in flight so partitions are only handed over once their alerts are on the broker.
 */
@ApplicationScoped
public class AlertPublisher {
    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    /** Alerts are rare (a handful per run), so buffering them never grows large; dropping one is not an option. */
    @Inject
    @Channel("alerts")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<Alert> emitter;

    @Inject
    MonitorMetrics metrics;

    private final Object inFlightLock = new Object();
    private int inFlight;

    public void publish(Alert alert) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(alert.runId())
                .withHeaders(List.of(
                        new RecordHeader(Alert.RULE_HEADER, alert.rule().getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(Alert.SEVERITY_HEADER, alert.severity().name().getBytes(StandardCharsets.UTF_8))))
                .build();
        synchronized (inFlightLock) {
            inFlight++;
        }
        emitter.send(Message.of(alert, Metadata.of(kafka), () -> {
            done();
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            done();
            metrics.alertPublishFailed();
            LOG.errorf(failure, "could not publish alert %s; its JSON: %s", alert.alertId(), EventJson.toJson(alert));
            return CompletableFuture.completedFuture(null);
        }));
    }

    /** Waits until every alert sent so far is acknowledged by the broker; false on timeout. */
    public boolean awaitInFlight(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inFlightLock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("%d alerts still in flight after %s", inFlight, timeout);
                    return false;
                }
                try {
                    inFlightLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void done() {
        synchronized (inFlightLock) {
            inFlight--;
            inFlightLock.notifyAll();
        }
    }
}
