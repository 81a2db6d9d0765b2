package io.initwatch.dashboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed view of {@code initwatch.dashboard.*}; defaults and explanations live in application.properties. */
@ConfigMapping(prefix = "initwatch.dashboard")
public interface DashboardConfig {

    History history();

    Stream stream();

    /** Base URL of the trainer service, e.g. {@code http://localhost:8081}. */
    @WithDefault("http://localhost:8081")
    String trainerUrl();

    /** Bearer token the trainer expects; absent when the trainer runs without one. */
    Optional<String> trainerToken();

    /** How long the form waits for the trainer before answering 504. */
    @WithDefault("10s")
    Duration trainerTimeout();

    /**
     * The dashboard's own token: a person starting runs through the page sends it as
     * {@code Authorization: Bearer}. Absent while {@link #trainerToken()} is set means starts are refused, so the
     * trainer's token is never lent to whoever can reach the dashboard's port.
     */
    Optional<String> apiToken();

    /**
     * Origins, besides the dashboard's own, whose pages may send state-changing requests, e.g.
     * {@code https://initwatch.example.com} when a reverse proxy changes the Host header.
     */
    Optional<List<String>> allowedOrigins();

    interface History {
        /**
         * Heap the runs' histories may take together, by their estimated size; beyond it the least recently
         * updated run is forgotten, a finished one first.
         */
        @WithDefault("256M")
        MemorySize maxBytes();

        /** Epoch points kept per run; beyond it older points are thinned so the whole curve keeps its shape. */
        @WithDefault("5000")
        int maxPointsPerRun();

        /** Per-layer snapshots kept per run and phase, thinned the same way. */
        @WithDefault("1000")
        int maxLayerSnapshotsPerRun();

        /** Alerts kept per run (oldest dropped first). */
        @WithDefault("500")
        int maxAlertsPerRun();
    }

    interface Stream {
        /** Updates remembered for browsers that reconnect with the last id they saw. */
        @WithDefault("5000")
        int replayBuffer();

        /** A ping this often keeps idle connections open through proxies and lets both ends notice a dead one. */
        @WithDefault("20s")
        Duration heartbeat();

        /** Open live streams at most; one more is answered 503, so browsers cannot exhaust the server. */
        @WithDefault("100")
        int maxConnections();
    }
}
