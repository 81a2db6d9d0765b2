package io.initwatch.dashboard.stream;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.initwatch.dashboard.config.DashboardConfig;
import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.Severity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dashboard's memory: one {@link RunHistory} per run, together at most {@code max-bytes} by their estimated
 * size ({@link RetainedSize}); past it the least recently active runs are forgotten, finished ones first. Each event
 * is applied and published to the {@link LiveFeed} under one lock, so a snapshot's {@code seq} says exactly which
 * updates it already contains.
 */
@ApplicationScoped
public class HistoryStore {
    private final DashboardConfig.History caps;
    private final LiveFeed feed;
    private final Map<String, RunHistory> runs = new LinkedHashMap<>();
    private final long maxBytes;
    private long retainedBytes;

    HistoryStore(DashboardConfig config, LiveFeed feed) {
        this.caps = config.history();
        this.maxBytes = caps.maxBytes().asLongValue();
        this.feed = feed;
    }

    public void accept(RunEvent event) {
        update("run", event.runId(), event, h -> h.apply(event));
    }

    public void accept(EpochMetrics metrics) {
        update("metrics", metrics.runId(), metrics, h -> h.apply(metrics));
    }

    public void accept(LayerStats stats) {
        update("layers", stats.runId(), stats, h -> h.apply(stats));
    }

    public void accept(Alert alert) {
        update("alert", alert.runId(), alert, h -> h.apply(alert));
    }

    private synchronized void update(String kind, String runId, Object event, Consumer<RunHistory> change) {
        RunHistory history = runs.get(runId);
        long before = 0;
        if (history == null) {
            history = new RunHistory(runId, caps);
            runs.put(runId, history);
        } else {
            before = history.retainedBytes();
        }
        change.accept(history);
        retainedBytes += history.retainedBytes() - before;
        // The run this event belongs to stays: a cap smaller than one run would otherwise forget what just arrived.
        while (retainedBytes > maxBytes && runs.size() > 1) {
            forgetOneRun(runId);
        }
        feed.publish(kind, runId, history.summary(), event);
    }

    /** Forgets the least recently updated run, preferring one that has ended. */
    private void forgetOneRun(String keep) {
        Comparator<RunHistory> staleFirst = Comparator.comparing((RunHistory h) -> !h.status().isTerminal())
                .thenComparingLong(RunHistory::updatedAtMs);
        runs.values().stream().filter(h -> !h.runId().equals(keep)).min(staleFirst).ifPresent(h -> {
            runs.remove(h.runId());
            retainedBytes -= h.retainedBytes();
        });
    }

    /** Estimated heap of every run's history together: what {@code max-bytes} bounds. */
    public synchronized long retainedBytes() {
        return retainedBytes;
    }

    /** Runs, most recently updated first, optionally of one experiment. */
    public synchronized List<RunSummary> runs(String experimentId) {
        return runs.values().stream()
                .map(RunHistory::summary)
                .filter(s -> experimentId == null || experimentId.equals(s.experimentId()))
                .sorted(Comparator.comparingLong(RunSummary::updatedAtMs).reversed())
                .toList();
    }

    public synchronized Optional<RunDetail> run(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(h -> h.detail(feed.lastSeq()));
    }

    public synchronized Optional<List<EpochMetrics>> metrics(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunHistory::metrics);
    }

    public synchronized Optional<List<EpochPoint>> points(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunHistory::points);
    }

    /** Alerts across runs, newest first. */
    public synchronized List<Alert> alerts(String runId, Severity minSeverity, int limit) {
        return runs.values().stream()
                .filter(h -> runId == null || runId.equals(h.runId()))
                .flatMap(h -> h.alerts().stream())
                .filter(a -> minSeverity == null || a.severity().compareTo(minSeverity) >= 0)
                .sorted(Comparator.comparingLong(Alert::timestampMs).reversed())
                .limit(limit)
                .toList();
    }
}
