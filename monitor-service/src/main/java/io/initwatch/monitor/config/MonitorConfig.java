package io.initwatch.monitor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** {@code initwatch.monitor.*}: how the monitor keeps and rebuilds its state. */
@ConfigMapping(prefix = "initwatch.monitor")
public interface MonitorConfig {

    /**
     * When an assigned partition has no saved state (a new consumer group, or the first start after upgrading
     * from a monitor without the state topic), its input is replayed from this far back to rebuild rule state.
     */
    Duration replayMaxAge();

    /** {@code initwatch.monitor.state.*}: where the rules' per-run state is saved so a restart restores it. */
    State state();

    /**
     * The rules' per-run state, saved to a compacted topic of the monitor's own (as Kafka Streams keeps a state
     * store's changelog), so that a restart or a rebalance restores live state instead of replaying history.
     */
    interface State {
        /** The topic, created by the monitor if missing; by default named after the consumer group. */
        String topic();

        /**
         * How often the state of changed runs is saved; also the most input a restart after a crash reads again.
         */
        Duration saveInterval();

        /** A run idle for longer than this is dropped from the topic (its cleanup policy is compact,delete). */
        Duration retention();
    }

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

    /** {@code initwatch.monitor.limits.*}: the largest input the monitor accepts; the rest is dead-lettered. */
    Limits limits();

    /**
     * Bounds on every size a record brings from the wire, checked before the rules see it: the rules size
     * their per-run arrays from epochs and layer indexes as sent, so one record with epoch 2,000,000,000 would
     * otherwise ask for gigabytes, and the replay after the resulting crash would read it again.
     */
    interface Limits {
        /** Largest record value, in bytes, that is decoded at all. */
        int maxRecordBytes();

        /** Largest epoch (metrics, layer snapshots, run events, a config's planned epochs). */
        int maxEpoch();

        /** Largest iteration count. */
        long maxIteration();

        /** Most layers in a config or a snapshot; every layer index must be below it. */
        int maxLayers();

        /** Longest run id, experiment id and name (layer, activation, initializer, dataset, ...), in chars. */
        int maxStringLength();
    }
}
