package io.initwatch.monitor.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * Assigns partition <em>numbers</em>: a member gets partition N of every input topic or none of them, because
 * a run's config, metrics and layer statistics meet in the rules engine of partition N (same key, same
 * partition count). Kafka's {@code CooperativeStickyAssignor} balances topic-partitions one by one and splits
 * them (with three partitions and two members it gives {@code metrics-1} to one and {@code runs-1} to the
 * other); {@code RangeAssignor} keeps them together but only with the eager protocol, where every rebalance
 * revokes everything and every instance replays its partitions again.
 *
 * <p>This assignor is both: co-partitioned, and cooperative and sticky. Members keep the numbers they own as
 * long as the spread stays even; a number that moves is first only taken away (its owner flushes and
 * forgets it), and assigned to its new owner in the follow-up rebalance the protocol triggers. So a second
 * instance joining costs the first only the partitions it hands over.
 */
public class RunPartitionAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "initwatch-run-partitions";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER, RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = new TreeMap<>(groupSubscription.groupSubscription());
        int numbers = 0;
        for (Subscription subscription : members.values()) {
            for (String topic : subscription.topics()) {
                Integer count = metadata.partitionCountForTopic(topic);
                numbers = Math.max(numbers, count == null ? 0 : count);
            }
        }
        Map<String, Set<Integer>> target = spread(members, numbers);

        Map<TopicPartition, String> ownerOf = new HashMap<>();
        members.forEach((member, subscription) -> subscription.ownedPartitions()
                .forEach(tp -> ownerOf.putIfAbsent(tp, member)));
        Map<String, Assignment> assignments = new HashMap<>();
        members.forEach((member, subscription) -> {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int number : target.get(member)) {
                for (String topic : new TreeSet<>(subscription.topics())) {
                    Integer count = metadata.partitionCountForTopic(topic);
                    TopicPartition tp = new TopicPartition(topic, number);
                    String owner = ownerOf.get(tp);
                    // cooperative protocol: a partition still owned by another member is assigned next round
                    if (count != null && number < count && (owner == null || owner.equals(member))) {
                        partitions.add(tp);
                    }
                }
            }
            assignments.put(member, new Assignment(partitions));
        });
        return new GroupAssignment(assignments);
    }

    /** Which member gets which partition numbers: even counts, each member keeping what it owns where it can. */
    static Map<String, Set<Integer>> spread(Map<String, Subscription> members, int numbers) {
        List<String> ids = new ArrayList<>(members.keySet());
        Map<String, Set<Integer>> target = new TreeMap<>();
        ids.forEach(id -> target.put(id, new TreeSet<>()));
        if (ids.isEmpty()) {
            return target;
        }
        int floor = numbers / ids.size();
        int ceilings = numbers % ids.size(); // how many members may hold one more than floor
        boolean[] taken = new boolean[numbers];
        // owned numbers, up to floor each
        Map<String, List<Integer>> owned = new HashMap<>();
        for (String id : ids) {
            List<Integer> mine = new ArrayList<>(new TreeSet<>(members.get(id).ownedPartitions().stream()
                    .map(TopicPartition::partition).filter(n -> n < numbers).toList()));
            owned.put(id, mine);
            for (int n : mine) {
                if (!taken[n] && target.get(id).size() < floor) {
                    target.get(id).add(n);
                    taken[n] = true;
                }
            }
        }
        // one more owned number for members that had more, while the spread allows
        for (String id : ids) {
            for (int n : owned.get(id)) {
                if (ceilings > 0 && !taken[n] && target.get(id).size() == floor) {
                    target.get(id).add(n);
                    taken[n] = true;
                    ceilings--;
                }
            }
        }
        // the rest to the members with the fewest
        for (int n = 0; n < numbers; n++) {
            if (taken[n]) {
                continue;
            }
            String fewest = null;
            for (String id : ids) {
                int size = target.get(id).size();
                boolean room = size < floor || (size == floor && ceilings > 0);
                if (room && (fewest == null || size < target.get(fewest).size())) {
                    fewest = id;
                }
            }
            if (fewest == null) {
                fewest = ids.get(0); // unreachable when the counts above add up; never leave a number unowned
            } else if (target.get(fewest).size() == floor) {
                ceilings--;
            }
            target.get(fewest).add(n);
            taken[n] = true;
        }
        return target;
    }
}
