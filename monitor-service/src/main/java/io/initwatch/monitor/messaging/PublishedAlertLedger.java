package io.initwatch.monitor.messaging;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.initwatch.events.MalformedEventException;
import io.initwatch.monitor.config.MonitorConfig;
import io.initwatch.monitor.config.TopicsConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * The ids of alerts already on the alerts topic. Read back from the topic whenever partitions are assigned
 * (whoever published them: this instance before a restart, or another instance before a rebalance), so state
 * rebuilt by replay never publishes an alert twice.
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

    private Set<String> ids;
    private KafkaConsumer<String, byte[]> reader;
    private List<TopicPartition> partitions = List.of();

    /** True the first time an id is seen: the caller publishes; false means it is already on the topic. */
    public synchronized boolean markPublished(String alertId) {
        return ids().add(alertId);
    }

    public synchronized int size() {
        return ids().size();
    }

    /** Reads the alerts topic from where it last stopped up to its current end. */
    public synchronized void catchUp() {
        KafkaConsumer<String, byte[]> consumer = reader();
        List<TopicPartition> current = consumer.partitionsFor(topics.alerts()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
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
        Map<TopicPartition, Long> end = consumer.endOffsets(current);
        int read = 0;
        while (current.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                read++;
                try {
                    ids().add(EventJson.fromBytes(record.value(), Alert.class).alertId());
                } catch (MalformedEventException e) {
                    LOG.warnf("ignoring unreadable record %s-%d@%d on the alerts topic: %s", record.topic(),
                            record.partition(), record.offset(), e.getMessage());
                }
            }
        }
        LOG.debugf("alert ledger caught up: %d records read, %d ids known", read, ids().size());
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
