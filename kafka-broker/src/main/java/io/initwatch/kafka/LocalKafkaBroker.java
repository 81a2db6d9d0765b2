package io.initwatch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft Kafka broker inside this JVM: no Docker, no download.
 *
 * <p>Tests share one per JVM through {@link #sharedBootstrapServers()}; {@code ./demo.sh} runs {@link #main(String[])} as a
 * process of its own on a fixed port. {@link #stop()} and {@link #restart()} take the broker away and bring it back on
 * the same port over the same log, for tests of what its clients do during an outage.
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

    private final int port;
    private final int controllerPort;
    private final int defaultPartitions;
    private final Path dataDir;
    /** A folder this class made (no data dir given): deleted on {@link #close()}, kept across {@link #stop()}. */
    private final boolean temporary;
    /** Kept so a restart over the same log is the same cluster. */
    private final String clusterId = Uuid.randomUuid().toString();
    private final String bootstrapServers;
    private EmbeddedKafkaBroker broker;

    private LocalKafkaBroker(int port, int controllerPort, int defaultPartitions, Path dataDir, boolean temporary) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.defaultPartitions = defaultPartitions;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.bootstrapServers = "localhost:" + port;
    }

    /**
     * Starts a broker.
     *
     * @param port              Kafka port, 0 for a free one
     * @param defaultPartitions partitions of auto-created topics
     * @param dataDir           where the log lives (created if missing); null for a temporary folder deleted on close
     */
    public static LocalKafkaBroker start(int port, int defaultPartitions, Path dataDir) {
        try {
            Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("initwatch-kafka-");
            LocalKafkaBroker broker = new LocalKafkaBroker(port > 0 ? port : freePort(), freePort(),
                    defaultPartitions, dir, dataDir == null);
            broker.restart();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the broker as an outage would: its clients find nothing listening on the port. The port, the log
     * (topics, records, committed offsets) and the cluster id are kept for {@link #restart()}.
     */
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts a stopped broker again on the same ports over the same log, so its clients reconnect to the same cluster. */
    public synchronized void restart() {
        if (broker != null) {
            return;
        }
        broker = new EmbeddedKafkaBroker()
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                // the KRaft quorum is configured by the controller's address: the same one on every start
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(props -> {
                    props.putAll(SINGLE_NODE_SETTINGS);
                    props.put("num.partitions", Integer.toString(defaultPartitions));
                    props.put("log.dirs", dataDir.toAbsolutePath().toString());
                })
                .start();
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

    /** Every record now on the topic of the broker at {@code bootstrapServers}, from the start of each partition. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public synchronized void close() {
        stop();
        if (temporary) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
