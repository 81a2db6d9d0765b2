package io.initwatch.monitor.testing;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.initwatch.events.Topics;
import io.initwatch.kafka.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One in-JVM broker for every test class, including across Quarkus restarts, with the monitor's topics created
 * up front (the input topics with two partitions each, so the per-partition state is exercised).
 *
 * <p>Quarkus loads test classes again for every application it starts (one per test profile), so
 * {@link LocalKafkaBroker#shared()} would start a fresh, empty broker after each restart. The restart test needs
 * the topics to outlive the monitor, so the address of the first broker is kept in a system property, which
 * every class loader sees.
 */
public class MonitorKafkaResource implements QuarkusTestResourceLifecycleManager {
    public static final int INPUT_PARTITIONS = 2;
    private static final String BOOTSTRAP_PROPERTY = "initwatch.test.kafka.bootstrap";

    public static synchronized String bootstrapServers() {
        String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
        if (bootstrap == null) {
            LocalKafkaBroker broker = LocalKafkaBroker.shared();
            broker.createTopics(Map.of(
                    Topics.RUNS, INPUT_PARTITIONS,
                    Topics.METRICS, INPUT_PARTITIONS,
                    Topics.LAYERS, INPUT_PARTITIONS,
                    Topics.ALERTS, INPUT_PARTITIONS,
                    Topics.DEAD_LETTER, 1));
            bootstrap = broker.bootstrapServers();
            System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
        }
        return bootstrap;
    }

    /** Creates topics that do not exist yet on the shared broker. */
    public static void createTopics(Map<String, Integer> partitionsByTopic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            var existing = admin.listTopics().names().get();
            var missing = partitionsByTopic.entrySet().stream().filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList();
            admin.createTopics(missing).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + partitionsByTopic.keySet(), e);
        }
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
