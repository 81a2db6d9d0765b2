package io.initwatch.monitor.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.initwatch.events.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The monitor's Prometheus counters ({@code /q/metrics}), cached so the hot path does no registry lookups. */
@ApplicationScoped
public class MonitorMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
    private final Map<String, Counter> publishFailures = new ConcurrentHashMap<>();
    private Counter suppressed;
    private Counter restored;
    private Counter saveFailures;

    @PostConstruct
    void register() {
        suppressed = Counter.builder("initwatch.monitor.alerts.suppressed")
                .description("Alerts found again while rebuilding state, not re-published (already on the topic)")
                .register(registry);
        restored = Counter.builder("initwatch.monitor.state.runs.restored")
                .description("Runs whose rule state was restored from the state topic on partition assignment")
                .register(registry);
        saveFailures = Counter.builder("initwatch.monitor.state.save.failures")
                .description("Saves of a partition's rule state to the state topic that failed (retried at the next"
                        + " save; a restart meanwhile replays from the previous one)")
                .register(registry);
    }

    void runsRestored(int count) {
        restored.increment(count);
    }

    void stateSaveFailed() {
        saveFailures.increment();
    }

    void eventsProcessed(String topic, int count) {
        events.computeIfAbsent(topic, t -> Counter.builder("initwatch.monitor.events.processed")
                .description("Telemetry records read from the input topics, including dead-lettered ones")
                .tag("topic", t).register(registry)).increment(count);
    }

    /** {@code reason}: malformed, over-limit, key-mismatch, rules-failed, unknown-topic. */
    void deadLettered(String topic, String reason) {
        deadLettered.computeIfAbsent(topic + '|' + reason, k -> Counter.builder("initwatch.monitor.events.dead.lettered")
                .description("Records sent to the dead-letter topic, by input topic and reason")
                .tag("topic", topic).tag("reason", reason).register(registry)).increment();
    }

    /**
     * Records read and deliberately not evaluated, by reason ({@code duplicate-epoch}, {@code out-of-order-epoch}):
     * a redelivery, or an epoch older than one already judged.
     */
    void ignored(String topic, String reason) {
        ignored.computeIfAbsent(topic + '|' + reason, k -> Counter.builder("initwatch.monitor.events.ignored")
                .description("Records read but not evaluated (duplicates, epochs older than the run's latest)")
                .tag("topic", topic).tag("reason", reason).register(registry)).increment();
    }

    void alertPublished(Alert alert) {
        alerts.computeIfAbsent(alert.rule() + '|' + alert.severity(), k -> Counter.builder("initwatch.monitor.alerts")
                .description("Alerts published (acknowledged by the broker), by rule and severity")
                .tag("rule", alert.rule()).tag("severity", alert.severity().name()).register(registry)).increment();
    }

    void alertSuppressed() {
        suppressed.increment();
    }

    /** A send to an output topic that the producer gave up on; it is retried (see AcknowledgedSends). */
    void publishFailed(String topic) {
        publishFailures.computeIfAbsent(topic, t -> Counter.builder("initwatch.monitor.publish.failures")
                .description("Sends to the alerts or dead-letter topic that failed (each is retried or logged)")
                .tag("topic", t).register(registry)).increment();
    }
}
