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
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
    private Counter suppressed;
    private Counter publishFailures;

    @PostConstruct
    void register() {
        suppressed = Counter.builder("initwatch.monitor.alerts.suppressed")
                .description("Alerts found again while rebuilding state, not re-published (already on the topic)")
                .register(registry);
        publishFailures = Counter.builder("initwatch.monitor.alerts.publish.failures")
                .description("Alerts the broker did not accept (logged with their JSON)").register(registry);
    }

    void eventsProcessed(String topic, int count) {
        events.computeIfAbsent(topic, t -> Counter.builder("initwatch.monitor.events.processed")
                .description("Telemetry records read from the input topics, including dead-lettered ones")
                .tag("topic", t).register(registry)).increment(count);
    }

    void deadLettered(String topic) {
        deadLettered.computeIfAbsent(topic, t -> Counter.builder("initwatch.monitor.events.dead.lettered")
                .description("Records sent to the dead-letter topic because they could not be read")
                .tag("topic", t).register(registry)).increment();
    }

    void alertPublished(Alert alert) {
        alerts.computeIfAbsent(alert.rule() + '|' + alert.severity(), k -> Counter.builder("initwatch.monitor.alerts")
                .description("Alerts published, by rule and severity")
                .tag("rule", alert.rule()).tag("severity", alert.severity().name()).register(registry)).increment();
    }

    void alertSuppressed() {
        suppressed.increment();
    }

    void alertPublishFailed() {
        publishFailures.increment();
    }
}
