package io.initwatch.monitor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** {@code initwatch.monitor.*}: how the monitor keeps and rebuilds its state. */
@ConfigMapping(prefix = "initwatch.monitor")
public interface MonitorConfig {

    /** On partition assignment the input topics are replayed from this far back to rebuild rule state. */
    Duration replayMaxAge();

    /** Runs remembered per partition; beyond it the least recently active is forgotten. */
    int maxRunsPerPartition();

    /** Alert ids remembered as published (read back from the alerts topic) so a replay never repeats one. */
    int maxPublishedAlertIds();

    /** How long to wait for alerts in flight before giving partitions away to another instance. */
    Duration flushTimeout();

    /** Threads evaluating partitions side by side; 0 means one per available processor. */
    int processingThreads();

    /** Alerts kept in memory for {@code GET /api/alerts}. */
    int alertsRetained();
}
