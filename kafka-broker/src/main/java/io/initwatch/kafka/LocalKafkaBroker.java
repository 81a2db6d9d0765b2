package io.initwatch.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft Kafka broker inside this JVM: no Docker, no download.
 *
 * <p>Tests share one per JVM through {@link #sharedBootstrapServers()}; {@code ./demo.sh} runs {@link #main(String[])} as a
 * process of its own on a fixed port.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** A single broker can hold only one replica; without these, consumer groups and transactions never form. */
    private static final Map<String, String> SINGLE_NODE_SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "3",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "true");

    private static final String SHARED_BOOTSTRAP_PROPERTY = "initwatch.kafka.shared-bootstrap-servers";

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;

    private LocalKafkaBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.bootstrapServers = broker.getAdvertisedListeners().replaceAll("^[A-Z_]+://", "");
    }

    /**
     * Starts a broker.
     *
     * @param port              Kafka port, 0 for a free one
     * @param defaultPartitions partitions of auto-created topics
     * @param dataDir           where the log lives; null for a temporary folder deleted on close
     */
    public static LocalKafkaBroker start(int port, int defaultPartitions, Path dataDir) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaHost("localhost")
                .withDeleteLogDirsOnClose(dataDir == null)
                .withAdditionalProperties(props -> {
                    props.putAll(SINGLE_NODE_SETTINGS);
                    props.put("num.partitions", Integer.toString(defaultPartitions));
                    if (dataDir != null) {
                        props.put("log.dirs", dataDir.toAbsolutePath().toString());
                    }
                });
        if (port > 0) {
            broker.withKafkaPort(port);
        }
        return new LocalKafkaBroker(broker.start());
    }

    /**
     * The address of the one broker the whole JVM shares (tests), started on first use and stopped when the JVM
     * exits. Quarkus loads test classes again in a new class loader for every test profile, so a static field
     * alone would start a fresh, empty broker after each restart; the address is kept in a system property,
     * which every class loader sees.
     */
    public static String sharedBootstrapServers() {
        synchronized (System.getProperties()) {
            String existing = System.getProperty(SHARED_BOOTSTRAP_PROPERTY);
            if (existing != null) {
                return existing;
            }
            LocalKafkaBroker broker = start(0, 1, null);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "local-kafka-shutdown"));
            System.setProperty(SHARED_BOOTSTRAP_PROPERTY, broker.bootstrapServers());
            return broker.bootstrapServers();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates topics that do not exist yet on the broker at {@code bootstrapServers}. */
    public static void createTopics(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var existing = admin.listTopics().names().get();
            var missing = partitionsByTopic.entrySet().stream()
                    .filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + partitionsByTopic.keySet(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }

    /**
     * Runs a standalone broker until the process is stopped.
     * Arguments: {@code [--port 9092] [--partitions 3] [--data-dir DIR]}.
     */
    public static void main(String[] args) throws Exception {
        int port = 9092;
        int partitions = 3;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> { port = Integer.parseInt(require(args[i], value)); i++; }
                case "--partitions" -> { partitions = Integer.parseInt(require(args[i], value)); i++; }
                case "--data-dir" -> { dataDir = Path.of(require(args[i], value)); i++; }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --port N, --partitions N, --data-dir DIR)");
            }
        }
        if (dataDir != null) {
            Files.createDirectories(dataDir);
        }
        LocalKafkaBroker broker = start(port, partitions, dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "local-kafka-shutdown"));
        System.out.println("Kafka broker ready on " + broker.bootstrapServers());
        Thread.currentThread().join();
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
