package io.initwatch.monitor.testing;

import java.util.Map;

import io.initwatch.events.Topics;
import io.initwatch.kafka.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The JVM's shared in-JVM broker, with the monitor's topics created up front (the input topics with two
 * partitions each, so the per-partition state is exercised). The broker outlives each Quarkus application, so
 * the restart test finds the topics its first life wrote.
 */
public class MonitorKafkaResource implements QuarkusTestResourceLifecycleManager {
    public static final int INPUT_PARTITIONS = 2;

    private static String bootstrap;

    /** The shared broker's address; the monitor's topics are created the first time this class asks. */
    public static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            String servers = LocalKafkaBroker.sharedBootstrapServers();
            LocalKafkaBroker.createTopics(servers, Map.of(
                    Topics.RUNS, INPUT_PARTITIONS,
                    Topics.METRICS, INPUT_PARTITIONS,
                    Topics.LAYERS, INPUT_PARTITIONS,
                    Topics.ALERTS, INPUT_PARTITIONS,
                    Topics.DEAD_LETTER, 1,
                    Topics.CONTROL, INPUT_PARTITIONS));
            bootstrap = servers;
        }
        return bootstrap;
    }

    /** Creates topics that do not exist yet on the shared broker. */
    public static void createTopics(Map<String, Integer> partitionsByTopic) {
        LocalKafkaBroker.createTopics(bootstrapServers(), partitionsByTopic);
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(), "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // the broker outlives each application: the next one (and the restart test) uses the same topics
    }
}
