package io.initwatch.monitor.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The monitor on its own topics for {@link AlertLatencyBenchmarkTest}, plus a probe topic for the anchor. */
public class LatencyProfile implements QuarkusTestProfile {
    static final String RUNS = "lat.runs";
    static final String METRICS = "lat.metrics";
    static final String LAYERS = "lat.layers";
    static final String ALERTS = "lat.alerts";
    static final String PROBE = "lat.probe";
    static final String DEAD_LETTER = "lat.dead-letter";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("initwatch.topics.runs", RUNS);
        config.put("initwatch.topics.metrics", METRICS);
        config.put("initwatch.topics.layers", LAYERS);
        config.put("initwatch.topics.alerts", ALERTS);
        config.put("initwatch.topics.dead-letter", DEAD_LETTER);
        config.put("mp.messaging.incoming.telemetry.group.id", "initwatch-monitor-latency");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Topics.class));
    }

    /** Creates the topics before the monitor starts. */
    public static class Topics implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            MonitorKafkaResource.createTopics(Map.of(RUNS, 3, METRICS, 3, LAYERS, 3, ALERTS, 3, PROBE, 3,
                    DEAD_LETTER, 1));
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }
}
