package io.initwatch.monitor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The group's assignment: partition N of the three input topics always together, spread evenly, and
 * cooperative (what a member keeps is never revoked; what moves is first only taken away).
 */
class RunPartitionAssignorTest {
    private static final List<String> TOPICS = List.of("initwatch.runs", "initwatch.metrics", "initwatch.layers");

    private final RunPartitionAssignor assignor = new RunPartitionAssignor();

    @Test
    void everyMemberGetsWholePartitionNumbersSpreadEvenly() {
        for (int partitions = 1; partitions <= 7; partitions++) {
            for (int members = 1; members <= 4; members++) {
                Map<String, List<TopicPartition>> assignment = assign(partitions, owned(members, Map.of()));
                Set<TopicPartition> all = new HashSet<>();
                List<Integer> counts = new ArrayList<>();
                assignment.forEach((member, tps) -> {
                    Map<Integer, Long> perNumber = tps.stream()
                            .collect(Collectors.groupingBy(TopicPartition::partition, Collectors.counting()));
                    assertThat(perNumber.values()).as("all three topics of each number").allMatch(n -> n == 3);
                    counts.add(perNumber.size());
                    all.addAll(tps);
                });
                assertThat(all).as(partitions + " partitions, " + members + " members").hasSize(3 * partitions);
                assertThat(counts.stream().mapToInt(i -> i).max().orElse(0)
                        - counts.stream().mapToInt(i -> i).min().orElse(0)).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aMemberJoiningTakesOnlyWhatItNeedsAndOnlyInTheSecondRound() {
        // a owns all of 0..3; b joins
        Map<String, Subscription> first = owned(2, Map.of("member-0", numbers(0, 1, 2, 3)));
        Map<String, List<TopicPartition>> round1 = assign(4, first);
        assertThat(partitionNumbers(round1.get("member-0"))).hasSize(2).isSubsetOf(0, 1, 2, 3);
        assertThat(round1.get("member-1")).as("nothing still owned by member-0").isEmpty();

        // member-0 revoked what it gave up; both rejoin with what they own now
        Map<String, Subscription> second = owned(2, Map.of("member-0", partitionNumbers(round1.get("member-0"))));
        Map<String, List<TopicPartition>> round2 = assign(4, second);
        assertThat(round2.get("member-0")).containsExactlyInAnyOrderElementsOf(round1.get("member-0"));
        assertThat(partitionNumbers(round2.get("member-1"))).hasSize(2)
                .doesNotContainAnyElementsOf(partitionNumbers(round1.get("member-0")));
    }

    @Test
    void aMemberLeavingHandsItsNumbersToTheOthersWhoKeepTheirs() {
        Map<String, Subscription> after = owned(3, Map.of("member-0", numbers(0, 3), "member-1", numbers(1, 4)));
        after.remove("member-2"); // it owned 2 and 5
        Map<String, List<TopicPartition>> round = assign(6, after);
        assertThat(partitionNumbers(round.get("member-0"))).contains(0, 3).hasSize(3);
        assertThat(partitionNumbers(round.get("member-1"))).contains(1, 4).hasSize(3);
    }

    private Map<String, List<TopicPartition>> assign(int partitions, Map<String, Subscription> members) {
        List<PartitionInfo> infos = new ArrayList<>();
        for (String topic : TOPICS) {
            for (int p = 0; p < partitions; p++) {
                infos.add(new PartitionInfo(topic, p, null, null, null));
            }
        }
        Cluster cluster = new Cluster("test", List.of(), infos, Set.of(), Set.of());
        Map<String, List<TopicPartition>> result = new HashMap<>();
        assignor.assign(cluster, new GroupSubscription(members)).groupAssignment()
                .forEach((member, a) -> result.put(member, a.partitions()));
        return result;
    }

    private static Map<String, Subscription> owned(int members, Map<String, Set<Integer>> owned) {
        Map<String, Subscription> subscriptions = new HashMap<>();
        for (int m = 0; m < members; m++) {
            String id = "member-" + m;
            List<TopicPartition> tps = new ArrayList<>();
            for (int n : owned.getOrDefault(id, Set.of())) {
                TOPICS.forEach(t -> tps.add(new TopicPartition(t, n)));
            }
            subscriptions.put(id, new Subscription(TOPICS, null, tps));
        }
        return subscriptions;
    }

    private static Set<Integer> numbers(Integer... n) {
        return Set.of(n);
    }

    private static Set<Integer> partitionNumbers(List<TopicPartition> tps) {
        return tps.stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
