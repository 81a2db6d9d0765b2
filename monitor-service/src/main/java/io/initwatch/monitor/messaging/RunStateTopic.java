package io.initwatch.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.initwatch.monitor.config.MonitorConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * The monitor's own compacted topic of per-run rule state ({@code initwatch.monitor.state.topic}), the way Kafka
 * Streams keeps a state store's changelog: key = run id, value = the run's state ({@code RunStateCodec}), a
 * tombstone when the monitor forgets a run. Partition N holds the runs of input partition number N, so an
 * instance assigned partition N restores exactly its runs by reading one partition of live state, not hours of
 * input.
 *
 * <p>Each save ends with a positions record (empty key, header {@value #POSITIONS_HEADER}): per input
 * topic-partition of that number, the offset up to which every record had been applied, and its alerts
 * acknowledged, when the save was made. Restoring seeks the input there. Compaction keeps each run's latest state
 * and the latest positions; {@code cleanup.policy=compact,delete} also drops runs idle for longer than
 * {@code initwatch.monitor.state.retention}.
 */
@ApplicationScoped
public class RunStateTopic {
    private static final Logger LOG = Logger.getLogger(RunStateTopic.class);
    static final String POSITIONS_KEY = "";
    static final String POSITIONS_HEADER = "initwatch-input-positions";
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * Compaction never touches the active segment, so a restore reads the compacted live state plus up to one
     * segment of saves not yet compacted: small segments (at most 16 MiB or 10 minutes) keep that bounded by
     * the segment, not by how long the monitor has been saving (Kafka's defaults, 1 GiB or a week, would make
     * a restore read up to a week of saves).
     */
    private static final int SEGMENT_BYTES = 16 * 1024 * 1024;
    private static final long SEGMENT_MS = TimeUnit.MINUTES.toMillis(10);
    /**
     * A run's state exceeds Kafka's default 1 MiB record only near the input limits (100,000 epochs: ~1.8 MB);
     * the topic and the writer allow this much.
     */
    private static final int MAX_STATE_BYTES = 4 * 1024 * 1024;
    private static final int SAVE_BATCH_BYTES = 1024 * 1024;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MonitorConfig config;

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> reader;
    private int checkedPartitions;

    /**
     * One input partition number's saved state: run states by run id (in a save, only the changed ones, null for a
     * run forgotten), and the input positions they cover.
     */
    record Saved(Map<String, byte[]> runs, Map<TopicPartition, Long> positions) {
    }

    /**
     * Creates the topic if it is missing (compacted, {@code partitions} partitions, the broker's default
     * replication) and adds partitions if it has fewer: partition N must exist for input partition N.
     */
    synchronized void ensureTopic(int partitions) {
        if (partitions <= checkedPartitions) {
            return;
        }
        String topic = config.state().topic();
        Map<String, Object> adminConfig = clientConfig("initwatch-monitor-state-admin");
        // a consumer's default.api.timeout.ms from the shared settings may be below the admin's request timeout,
        // which the admin client refuses; its own defaults suit the few calls made here
        adminConfig.remove(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        try (Admin admin = Admin.create(adminConfig)) {
            Optional<Integer> existing = describe(admin, topic);
            if (existing.isEmpty()) {
                Map<String, String> settings = Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                                + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.state().retention().toMillis()),
                        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(SEGMENT_MS),
                        TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(SEGMENT_BYTES),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_STATE_BYTES));
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                            .configs(settings))).all().get(30, TimeUnit.SECONDS);
                    LOG.infof("created the state topic %s: %d partitions, %s", topic, partitions, settings);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            } else if (existing.get() < partitions) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                        .get(30, TimeUnit.SECONDS);
                LOG.infof("state topic %s: %d partitions added to match the input topics", topic,
                        partitions - existing.get());
            }
            checkedPartitions = partitions;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the state topic " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the state topic " + topic, e);
        }
    }

    private static Optional<Integer> describe(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return Optional.of(description.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Reads partition {@code number} of the state topic to its end. Positions are empty when no save was ever
     * completed there (a new consumer group, or a monitor upgraded from replaying history).
     */
    synchronized Saved read(int number) {
        TopicPartition partition = new TopicPartition(config.state().topic(), number);
        KafkaConsumer<String, byte[]> consumer = reader();
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        Map<String, byte[]> runs = new HashMap<>();
        Map<TopicPartition, Long> positions = new HashMap<>();
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (isPositions(record)) {
                    positions = decodePositions(record.value());
                } else if (record.value() == null) {
                    runs.remove(record.key());
                } else {
                    runs.put(record.key(), record.value());
                }
            }
        }
        return new Saved(runs, positions);
    }

    /**
     * Writes each partition number's runs' states (a null value forgets the run), then the input positions they
     * cover; every partition is sent before any is waited for, so a save costs one round trip, not one per
     * partition. Returns the partition numbers whose save the broker acknowledged; for the others the previous
     * save stays the one a restart restores from, so nothing is skipped.
     */
    synchronized Set<Integer> save(Map<Integer, Saved> saves) {
        String topic = config.state().topic();
        Map<Integer, List<Future<RecordMetadata>>> sent = new HashMap<>();
        Set<Integer> done = new HashSet<>();
        saves.forEach((number, save) -> {
            List<Future<RecordMetadata>> futures = new ArrayList<>(save.runs().size() + 1);
            try {
                KafkaProducer<String, byte[]> out = producer();
                save.runs().forEach((runId, state) -> futures.add(out.send(new ProducerRecord<>(topic, number, runId,
                        state))));
                byte[] positions = encodePositions(save.positions());
                futures.add(out.send(new ProducerRecord<>(topic, number, POSITIONS_KEY, positions,
                        List.of(new RecordHeader(POSITIONS_HEADER, new byte[] {1})))));
                sent.put(number, futures);
            } catch (RuntimeException e) {
                saveFailed(number, save, e);
            }
        });
        long deadline = System.nanoTime() + config.flushTimeout().toNanos();
        for (Map.Entry<Integer, List<Future<RecordMetadata>>> partition : sent.entrySet()) {
            try {
                for (Future<RecordMetadata> future : partition.getValue()) {
                    future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                done.add(partition.getKey());
            } catch (ExecutionException | TimeoutException e) {
                saveFailed(partition.getKey(), saves.get(partition.getKey()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return done;
    }

    private void saveFailed(int number, Saved save, Exception e) {
        LOG.warnf("could not save the state of %d runs of partition %d to %s: %s; a restart replays from the "
                + "previous save", save.runs().size(), number, config.state().topic(), e);
    }

    private static boolean isPositions(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(POSITIONS_HEADER);
        return header != null && POSITIONS_KEY.equals(record.key()) && record.value() != null;
    }

    /** {@code topic partition offset} lines: readable with kafka-console-consumer when someone needs to look. */
    static byte[] encodePositions(Map<TopicPartition, Long> positions) {
        StringBuilder text = new StringBuilder();
        positions.forEach((tp, offset) -> text.append(tp.topic()).append(' ').append(tp.partition()).append(' ')
                .append(offset).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<TopicPartition, Long> decodePositions(byte[] value) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (String line : new String(value, StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3) {
                try {
                    positions.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
                } catch (NumberFormatException e) {
                    LOG.warnf("ignoring an unreadable input position in the state topic: %s", line);
                }
            }
        }
        return positions;
    }

    private Map<String, Object> clientConfig(String clientId) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = clientConfig("initwatch-monitor-state-writer");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_STATE_BYTES);
            // A save holds up the input until the broker has it all: a partition's changed runs (~580 KB for 200
            // runs at epoch 400) go in batches of up to 1 MiB rather than 16 KB five at a time, and the last batch
            // is not held back by a linger.
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, SAVE_BATCH_BYTES);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private KafkaConsumer<String, byte[]> reader() {
        if (reader == null) {
            Map<String, Object> props = clientConfig("initwatch-monitor-state-reader");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            // a fetch to the end of the previous partition would otherwise hold the next read for the default 500 ms
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            reader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return reader;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(config.flushTimeout());
        }
        if (reader != null) {
            reader.close();
        }
    }
}
