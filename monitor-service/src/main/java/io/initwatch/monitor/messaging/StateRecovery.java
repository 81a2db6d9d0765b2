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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.initwatch.monitor.config.MonitorConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Makes restarts and rebalances lose nothing, repeat nothing, and cost the live runs' state rather than the
 * input's history. When partitions are assigned (at startup, or when another instance leaves), the ledger
 * catches up with the alerts and dead-letter topics, each newly assigned partition number's runs are restored
 * from the state topic ({@link RunStateTopic}), and its input partitions resume at the positions that state
 * covers. A partition with no saved state yet replays {@code initwatch.monitor.replay-max-age} of input instead.
 * Records read again after a crash (at most about one save interval) change nothing: the rules ignore epochs and
 * snapshots they have seen, and alerts and dead letters already on their topics are recognised (deterministic
 * alert ids; the input topic, partition and offset of a dead letter) and not sent again.
 *
 * <p>Before partitions are given away, what they raised is flushed and their state saved, so the next owner
 * starts exactly where this one stopped. With the cooperative protocol ({@link RunPartitionAssignor}) both
 * callbacks receive only the partitions that change hands: partitions kept through a rebalance keep their state.
 */
@ApplicationScoped
@Identifier(StateRecovery.NAME)
public class StateRecovery implements KafkaConsumerRebalanceListener {
    public static final String NAME = "initwatch-monitor-state-recovery";
    private static final Logger LOG = Logger.getLogger(StateRecovery.class);

    @Inject
    PublishedAlertLedger ledger;

    @Inject
    TelemetryProcessor processor;

    @Inject
    AlertPublisher alerts;

    @Inject
    AcknowledgedSends sends;

    @Inject
    RunStateTopic stateTopic;

    @Inject
    MonitorConfig config;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        ledger.catchUp();
        int inputPartitions = 0;
        for (String topic : topics(partitions)) {
            inputPartitions = Math.max(inputPartitions, consumer.partitionsFor(topic).size());
        }
        try {
            stateTopic.ensureTopic(inputPartitions);
        } catch (RuntimeException e) {
            // the monitor still works without it: saves fail (counted) and partitions replay their input
            LOG.errorf("the state topic %s is not usable: %s", config.state().topic(), e);
        }
        Map<TopicPartition, Long> resume = processor.assigned(partitions);
        resume.forEach(consumer::seek);
        commitAhead(consumer, resume);
        List<TopicPartition> unsaved = partitions.stream().filter(tp -> !resume.containsKey(tp)).toList();
        if (!unsaved.isEmpty()) {
            long from = System.currentTimeMillis() - config.replayMaxAge().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            unsaved.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
            for (TopicPartition tp : unsaved) {
                OffsetAndTimestamp offset = offsets.get(tp);
                if (offset != null) {
                    consumer.seek(tp, offset.offset());
                } else {
                    consumer.seekToEnd(List.of(tp));
                }
            }
            LOG.infof("no saved state for %s: replaying their input from %s ago", unsaved, config.replayMaxAge());
        }
        Map<TopicPartition, Long> start = new HashMap<>();
        partitions.forEach(tp -> start.put(tp, consumer.position(tp)));
        processor.startingAt(start);
        LOG.infof("assigned %s, starting at %s; %d alert ids already published", partitions, start, ledger.size());
    }

    /**
     * Commits the saved positions where they are ahead of the group's committed offsets (the previous owner saved,
     * then died before committing): otherwise the group would show lag for records already handled until new
     * records arrive.
     */
    private static void commitAhead(Consumer<?, ?> consumer, Map<TopicPartition, Long> resume) {
        if (resume.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(resume.keySet());
        Map<TopicPartition, OffsetAndMetadata> ahead = new HashMap<>();
        resume.forEach((tp, offset) -> {
            OffsetAndMetadata current = committed.get(tp);
            if (current == null || current.offset() < offset) {
                ahead.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (!ahead.isEmpty()) {
            try {
                consumer.commitSync(ahead);
            } catch (RuntimeException e) {
                LOG.warnf("could not commit the restored positions %s: %s (the next batch commits)", ahead, e);
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        // stop raising alerts for them, wait for what they raised, and save their state only if all of it is on
        // the topics: a saved state that marks an unpublished alert as fired would lose that alert for good
        processor.release(partitions);
        boolean flushed = alerts.awaitInFlight(config.flushTimeout());
        if (!flushed) {
            // stop retrying: the next owner replays from the previous save and raises it again
            sends.revoked(numbers(partitions));
        }
        processor.revoked(partitions, flushed);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        sends.revoked(numbers(partitions));
        processor.revoked(partitions, false);
    }

    private static Set<String> topics(Collection<TopicPartition> partitions) {
        Set<String> topics = new HashSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        return topics;
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }
}
