package io.initwatch.dashboard.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

import io.initwatch.dashboard.config.DashboardConfig;
import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;

/**
 * Everything the dashboard remembers about one run, bounded. Every {@code apply} is idempotent, so a topic
 * replayed from the beginning (restart) or an event delivered twice leaves the same state. Layer snapshots after
 * pre-flight are kept as the page draws them ({@link GradientNorms}); epoch metrics whole, for the CSV export.
 * Knows its estimated size ({@link #retainedBytes()}) for the store's byte cap. Not thread-safe:
 * {@link HistoryStore} guards it.
 */
public final class RunHistory {
    private final String runId;
    private final DashboardConfig.History caps;
    private String experimentId;
    private RunConfig config;
    private RunStatus status = RunStatus.PENDING;
    private int epoch;
    private Integer totalEpochs;
    private String reason;
    private Long startedAtMs;
    private long updatedAtMs;
    private final ThinnedSeries<Integer, EpochMetrics> metrics;
    private LayerStats preflight;
    private final ThinnedSeries<Integer, GradientNorms> epochLayers;
    private final ThinnedSeries<Long, GradientNorms> iterationLayers;
    private final LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();
    private Health health = Health.OK;
    private long configBytes;
    private long preflightBytes;
    private long alertBytes;

    RunHistory(String runId, DashboardConfig.History caps) {
        this.runId = runId;
        this.caps = caps;
        this.metrics = new ThinnedSeries<>(caps.maxPointsPerRun(), RetainedSize::of);
        this.epochLayers = new ThinnedSeries<>(caps.maxLayerSnapshotsPerRun(), RetainedSize::of);
        this.iterationLayers = new ThinnedSeries<>(caps.maxLayerSnapshotsPerRun(), RetainedSize::of);
    }

    void apply(RunEvent event) {
        touch(event.experimentId(), event.timestampMs());
        if (event.type() == RunEventType.STARTED) {
            config = event.config();
            configBytes = RetainedSize.of(config);
            startedAtMs = event.timestampMs();
            totalEpochs = config.epochs();
        }
        // A late PROGRESS (topics are read independently, and replays repeat) must not revive a finished run.
        if (!status.isTerminal() || event.type().isTerminal()) {
            status = RunStatus.after(event.type());
        }
        if (event.epoch() != null) {
            epoch = Math.max(epoch, event.epoch());
        }
        if (event.totalEpochs() != null) {
            totalEpochs = event.totalEpochs();
        }
        if (event.reason() != null) {
            reason = event.reason();
        }
    }

    void apply(EpochMetrics m) {
        touch(m.experimentId(), m.timestampMs());
        metrics.put(m.epoch(), m);
        epoch = Math.max(epoch, m.epoch());
    }

    void apply(LayerStats stats) {
        touch(stats.experimentId(), stats.timestampMs());
        switch (stats.phase()) {
            case PREFLIGHT -> {
                preflight = stats;
                preflightBytes = RetainedSize.of(stats);
            }
            case EPOCH -> epochLayers.put(stats.epoch(), GradientNorms.of(stats));
            case ITERATION -> iterationLayers.put(stats.iteration(), GradientNorms.of(stats));
        }
    }

    void apply(Alert alert) {
        touch(alert.experimentId(), alert.timestampMs());
        Alert replaced = alerts.remove(alert.alertId());
        alertBytes -= replaced == null ? 0 : RetainedSize.of(replaced);
        alerts.put(alert.alertId(), alert);
        alertBytes += RetainedSize.of(alert);
        if (alerts.size() > caps.maxAlertsPerRun()) {
            Iterator<Alert> oldest = alerts.values().iterator();
            alertBytes -= RetainedSize.of(oldest.next());
            oldest.remove();
        }
        health = alerts.values().stream().map(a -> Health.of(a.severity())).reduce(Health.OK, Health::worst);
    }

    private void touch(String experiment, long timestampMs) {
        if (experimentId == null) {
            experimentId = experiment;
        }
        updatedAtMs = Math.max(updatedAtMs, timestampMs);
    }

    public String runId() {
        return runId;
    }

    RunStatus status() {
        return status;
    }

    long updatedAtMs() {
        return updatedAtMs;
    }

    List<Alert> alerts() {
        return new ArrayList<>(alerts.values());
    }

    List<EpochMetrics> metrics() {
        return metrics.values();
    }

    List<EpochPoint> points() {
        return metrics.values().stream().map(EpochPoint::of).toList();
    }

    /** Estimated heap this run's history takes ({@link RetainedSize}), kept current as events come, so it is cheap. */
    long retainedBytes() {
        return RetainedSize.RUN + RetainedSize.string(runId) + configBytes + preflightBytes
                + metrics.bytes() + epochLayers.bytes() + iterationLayers.bytes() + alertBytes;
    }

    public RunSummary summary() {
        EpochMetrics last = metrics.last();
        return new RunSummary(runId, experimentId,
                config != null && config.experimentName() != null && !config.experimentName().isBlank()
                        ? config.experimentName() : null,
                config != null && config.runName() != null && !config.runName().isBlank() ? config.runName() : runId,
                config == null ? null : config.dataset(),
                config == null ? null : hiddenActivation(config),
                config == null ? null : weightInitLabel(config),
                config == null ? null : Math.max(0, config.layers().size() - 1),
                config == null || config.layers().isEmpty() ? null : config.layers().get(0).nOut(),
                config == null ? null : config.optimizer(),
                config == null ? null : config.learningRate(),
                status, health, epoch, totalEpochs, reason, startedAtMs, updatedAtMs,
                last == null ? null : last.trainLoss(),
                last == null ? null : last.validationLoss(),
                last == null ? null : last.validationAccuracy() != null ? last.validationAccuracy() : last.trainAccuracy(),
                alerts.size(),
                config == null || config.repairOf() == null ? null : config.repairOf().runId());
    }

    public RunDetail detail(long seq) {
        List<Alert> byEpoch = alerts();
        byEpoch.sort(Comparator.comparingInt(Alert::epoch).thenComparingLong(Alert::timestampMs));
        // Sampled snapshots are drawn only while a run has no end-of-epoch one (run-view.js): not sent otherwise.
        List<GradientNorms> sampled = epochLayers.size() == 0 ? iterationLayers.values() : List.of();
        return new RunDetail(seq, summary(), config, points(), preflight, epochLayers.values(), sampled, byEpoch);
    }

    /** The hidden layers' activation (the output layer's softmax says nothing about the init). */
    private static String hiddenActivation(RunConfig config) {
        return config.layers().stream().filter(l -> !isOutput(l, config)).map(LayerSpec::activation)
                .filter(Objects::nonNull).distinct().reduce((a, b) -> a + "+" + b)
                .orElse(config.layers().isEmpty() ? null : config.layers().get(0).activation());
    }

    /** How a person names the run's initialization, e.g. {@code he-normal} or {@code custom-normal(0.5)}. */
    private static String weightInitLabel(RunConfig config) {
        return config.layers().stream().filter(l -> !isOutput(l, config))
                .map(l -> l.initScale() == null ? l.weightInit() : l.weightInit() + "(" + l.initScale() + ")")
                .filter(Objects::nonNull).distinct().reduce((a, b) -> a + "+" + b)
                .orElse(config.layers().isEmpty() ? null : config.layers().get(0).weightInit());
    }

    private static boolean isOutput(LayerSpec layer, RunConfig config) {
        return config.layers().size() > 1 && layer == config.layers().get(config.layers().size() - 1);
    }
}
