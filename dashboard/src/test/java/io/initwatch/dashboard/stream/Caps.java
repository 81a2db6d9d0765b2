package io.initwatch.dashboard.stream;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.initwatch.dashboard.config.DashboardConfig;
import io.quarkus.runtime.configuration.MemorySize;

/** A DashboardConfig for plain unit tests, with small caps; {@code byteCap} is {@code max-bytes} in bytes. */
record Caps(long byteCap, int maxPointsPerRun, int maxLayerSnapshotsPerRun, int maxAlertsPerRun, int replayBuffer)
        implements DashboardConfig, DashboardConfig.History, DashboardConfig.Stream {

    @Override
    public MemorySize maxBytes() {
        return new MemorySize(BigInteger.valueOf(byteCap));
    }

    @Override
    public History history() {
        return this;
    }

    @Override
    public Stream stream() {
        return this;
    }

    @Override
    public String trainerUrl() {
        return "http://localhost:1";
    }

    @Override
    public Optional<String> trainerToken() {
        return Optional.empty();
    }

    @Override
    public Optional<String> apiToken() {
        return Optional.empty();
    }

    @Override
    public Optional<List<String>> allowedOrigins() {
        return Optional.empty();
    }

    @Override
    public int maxConnections() {
        return 100;
    }

    @Override
    public Duration heartbeat() {
        return Duration.ofSeconds(20);
    }

    @Override
    public Duration trainerTimeout() {
        return Duration.ofSeconds(1);
    }
}
