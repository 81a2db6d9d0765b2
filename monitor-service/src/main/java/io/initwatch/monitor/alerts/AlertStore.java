package io.initwatch.monitor.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.initwatch.events.Alert;
import io.initwatch.events.Severity;
import io.initwatch.monitor.config.MonitorConfig;

/**
 * The most recent alerts, for the REST API: those on the alerts topic when this instance started (read by the
 * {@code PublishedAlertLedger}) and those it raised since. Bounded; keyed by alert id so an alert read back or
 * raised again is listed once.
 */
@ApplicationScoped
public class AlertStore {

    @Inject
    MonitorConfig config;

    private Map<String, Alert> byId;
    private Map<String, Severity> worstByRun;

    @PostConstruct
    void init() {
        int capacity = config.alertsRetained();
        byId = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Alert> eldest) {
                return size() > capacity;
            }
        };
        worstByRun = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Severity> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void add(Alert alert) {
        byId.put(alert.alertId(), alert);
        worstByRun.merge(alert.runId(), alert.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** Newest first; null filters match everything; {@code minSeverity} keeps that severity and worse. */
    public synchronized List<Alert> find(String runId, Severity minSeverity, String rule, int limit) {
        List<Alert> matches = new ArrayList<>();
        for (Alert alert : byId.values()) {
            if ((runId == null || runId.equals(alert.runId()))
                    && (minSeverity == null || alert.severity().compareTo(minSeverity) >= 0)
                    && (rule == null || rule.equals(alert.rule()))) {
                matches.add(alert);
            }
        }
        matches.sort(Comparator.comparingLong(Alert::timestampMs).reversed());
        return matches.size() > limit ? List.copyOf(matches.subList(0, limit)) : matches;
    }

    /** The most severe alert known for the run, if any. */
    public synchronized Optional<Severity> worst(String runId) {
        return Optional.ofNullable(worstByRun.get(runId));
    }

    public synchronized int size() {
        return byId.size();
    }
}
