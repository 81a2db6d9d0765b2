package io.initwatch.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.initwatch.events.MalformedEventException;
import io.initwatch.monitor.alerts.AlertStore;
import io.initwatch.monitor.config.MonitorConfig;
import io.initwatch.monitor.config.TopicsConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * What is already on the output topics: the ids of published alerts, and which input records were already
 * dead-lettered (by topic, partition and offset). Read back from the topics whenever partitions are assigned
 * (whoever wrote them: this instance before a restart, or another instance before a rebalance), so state
 * rebuilt by replay never publishes an alert or a dead letter twice.
 *
 * <p>An id counts as on the topic only once the broker acknowledged it ({@link #acknowledged}); while a send
 * is in flight it is {@linkplain #claim claimed}, so the same process does not send it twice, and a failed
 * send {@linkplain #release releases} it, so a retry or a later replay sends it again.
 */
@ApplicationScoped
public class PublishedAlertLedger {
    private static final Logger LOG = Logger.getLogger(PublishedAlertLedger.class);
    private static final Duration POLL = Duration.ofMillis(200);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopicsConfig topics;

    @Inject
    MonitorConfig config;

    @Inject
    AlertStore store;

    private Set<String> ids;
    private final Set<String> inFlight = new HashSet<>();
    private KafkaConsumer<String, byte[]> reader;
    private List<TopicPartition> partitions = List.of();

    /** The ledger id of an input record's dead letter. */
    public static String deadLetterId(String topic, int partition, long offset) {
        return "dead-letter:" + topic + "-" + partition + "@" + offset;
    }

    /**
     * True when the id is neither on the topic nor in flight: the caller sends it and reports the outcome;
     * false means it is already there (or on its way).
     */
    public synchronized boolean claim(String id) {
        if (ids().contains(id) || inFlight.contains(id)) {
            return false;
        }
        inFlight.add(id);
        return true;
    }

    /** The broker has it. */
    public synchronized void acknowledged(String id) {
        inFlight.remove(id);
        ids().add(id);
    }

    /** The send failed: the id may be sent again. */
    public synchronized void release(String id) {
        inFlight.remove(id);
    }

    public synchronized boolean isPublished(String id) {
        return ids().contains(id);
    }

    public synchronized int size() {
        return ids().size();
    }

    /** Reads the alerts and dead-letter topics from where it last stopped up to their current ends. */
    public void catchUp() {
        catchUp(null);
    }

    /**
     * As {@link #catchUp()}, giving up with a {@link org.apache.kafka.common.errors.TimeoutException} when the ends
     * are not reached within {@code timeout} (null: no limit), so a caller cannot wait forever on a broker that went
     * away mid-read.
     */
    public synchronized void catchUp(Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        KafkaConsumer<String, byte[]> consumer = reader();
        List<TopicPartition> current = new ArrayList<>();
        for (String topic : List.of(topics.alerts(), topics.deadLetter())) {
            consumer.partitionsFor(topic).forEach(p -> current.add(new TopicPartition(p.topic(), p.partition())));
        }
        if (!current.equals(partitions)) {
            Map<TopicPartition, Long> positions = new HashMap<>();
            for (TopicPartition tp : partitions) {
                positions.put(tp, consumer.position(tp));
            }
            consumer.assign(current);
            for (TopicPartition tp : current) {
                if (positions.containsKey(tp)) {
                    consumer.seek(tp, positions.get(tp));
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            partitions = current;
        }
        Map<TopicPartition, Long> end = timeout == null ? consumer.endOffsets(current)
                : consumer.endOffsets(current, timeout);
        int read = 0;
        while (current.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("the alerts and dead-letter topics could not"
                        + " be read to their ends within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                read++;
                String id = idOf(record);
                if (id != null) {
                    ids().add(id);
                }
            }
        }
        LOG.debugf("ledger caught up: %d records read, %d ids known", read, ids().size());
    }

    private String idOf(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(topics.deadLetter())) {
            String topic = header(record, DeadLetterPublisher.TOPIC_HEADER);
            String partition = header(record, DeadLetterPublisher.PARTITION_HEADER);
            String offset = header(record, DeadLetterPublisher.OFFSET_HEADER);
            if (topic == null || partition == null || offset == null) {
                return null;
            }
            try {
                return deadLetterId(topic, Integer.parseInt(partition), Long.parseLong(offset));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            Alert alert = EventJson.fromBytes(record.value(), Alert.class);
            // GET /api/alerts lists what is on the topic, whichever instance (or life of this one) raised it
            store.add(alert);
            return alert.alertId();
        } catch (MalformedEventException e) {
            LOG.warnf("ignoring unreadable record %s-%d@%d on the alerts topic: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Set<String> ids() {
        if (ids == null) {
            int max = config.maxPublishedAlertIds();
            ids = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > max;
                }
            });
        }
        return ids;
    }

    private KafkaConsumer<String, byte[]> reader() {
        if (reader == null) {
            Map<String, Object> props = new HashMap<>(kafkaConfig);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "initwatch-monitor-alert-ledger");
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            reader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return reader;
    }

    @PreDestroy
    synchronized void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
