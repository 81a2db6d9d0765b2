package io.initwatch.monitor.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.initwatch.monitor.config.MonitorConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Makes restarts and rebalances lose nothing and repeat nothing. When partitions are assigned (at startup or
 * when another instance leaves), the alert ledger catches up with the alerts topic, then the input partitions
 * are replayed from {@code initwatch.monitor.replay-max-age} ago so the rules rebuild their state; alerts found
 * again are recognised by their deterministic ids and not re-published, alerts never published are. Before
 * partitions are given away, alerts in flight are flushed so the next owner sees them.
 */
@ApplicationScoped
@Identifier(ReplayOnAssignment.NAME)
public class ReplayOnAssignment implements KafkaConsumerRebalanceListener {
    public static final String NAME = "initwatch-monitor-replay";
    private static final Logger LOG = Logger.getLogger(ReplayOnAssignment.class);

    @Inject
    PublishedAlertLedger ledger;

    @Inject
    TelemetryProcessor processor;

    @Inject
    AlertPublisher alerts;

    @Inject
    MonitorConfig config;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        ledger.catchUp();
        processor.assigned(partitions);
        long from = System.currentTimeMillis() - config.replayMaxAge().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp offset = offsets.get(tp);
            if (offset != null) {
                consumer.seek(tp, offset.offset());
            } else {
                consumer.seekToEnd(List.of(tp));
            }
        }
        LOG.infof("assigned %s: replaying from %s ago, %d alert ids already published", partitions,
                config.replayMaxAge(), ledger.size());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        // stop raising alerts for these partitions first, then flush what was raised
        processor.revoked(partitions);
        alerts.awaitInFlight(config.flushTimeout());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        processor.revoked(partitions);
    }
}
