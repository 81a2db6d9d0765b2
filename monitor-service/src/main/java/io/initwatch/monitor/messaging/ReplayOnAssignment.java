package io.initwatch.monitor.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * when another instance leaves), the ledger catches up with the alerts and dead-letter topics, then the newly
 * assigned input partitions are replayed from {@code initwatch.monitor.replay-max-age} ago so the rules
 * rebuild their state; alerts and dead letters found again are recognised (deterministic alert ids; the input
 * topic, partition and offset of a dead letter) and not sent again, those never acknowledged are. Before
 * partitions are given away, what is in flight is flushed so the next owner sees it.
 *
 * <p>With the cooperative protocol ({@link RunPartitionAssignor}) both callbacks receive only the partitions
 * that change hands: partitions kept through a rebalance keep their state and are not replayed.
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
    AcknowledgedSends sends;

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
        // stop retrying what these partitions raised (it may hold up the batch in progress), stop raising
        // alerts for them, then flush what was raised
        sends.revoked(numbers(partitions));
        processor.revoked(partitions);
        alerts.awaitInFlight(config.flushTimeout());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        sends.revoked(numbers(partitions));
        processor.revoked(partitions);
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }
}
