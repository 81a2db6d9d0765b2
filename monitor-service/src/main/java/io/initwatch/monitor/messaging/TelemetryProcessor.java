package io.initwatch.monitor.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.MalformedEventException;
import io.initwatch.events.RunEvent;
import io.initwatch.monitor.alerts.AlertStore;
import io.initwatch.monitor.config.MonitorConfig;
import io.initwatch.monitor.config.TopicsConfig;
import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.repair.RepairVerifier;
import io.initwatch.monitor.rules.RulesEngine;
import io.initwatch.monitor.rules.RunState;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The one consumer of the runs, metrics and layers topics, in batches of raw bytes: decoding here (not in a
 * deserializer) lets each unreadable record go to the dead-letter topic alone while the rest of the batch is
 * processed. Decodes telemetry records, runs them through the rules engine of their partition (on worker threads,
 * in order, never on the Vert.x event loop) and publishes what the rules raise. A run's events are on the same partition number of each input topic (same key, same partition
 * count), so one engine per partition number sees everything about its runs, and partitions can move between
 * instances of a consumer group with their state rebuilt by replay.
 */
@ApplicationScoped
public class TelemetryProcessor {
    private static final Logger LOG = Logger.getLogger(TelemetryProcessor.class);

    @Inject
    RuleThresholds thresholds;

    @Inject
    MonitorConfig config;

    @Inject
    TopicsConfig topics;

    @Inject
    AlertPublisher alerts;

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    AlertStore store;

    @Inject
    MonitorMetrics metrics;

    @Inject
    ProcessingWorkers workers;

    @Inject
    InputLimits limits;

    @Inject
    RuleEvaluation evaluation;

    @Inject
    ControlPublisher control;

    private volatile RepairVerifier repairs;
    /**
     * Not {@code this}: evaluate() holds this object's monitor while it waits for the worker threads, and a worker
     * creating the verifier under the same monitor would wait for it forever.
     */
    private final Object repairsLock = new Object();

    private final Map<Integer, RulesEngine> engines = new HashMap<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    private final Map<TopicPartition, Long> processed = new HashMap<>();

    /**
     * Processes one polled batch and returns once everything it sent (alerts, dead letters) is acknowledged by
     * the broker, so the batch's offsets are committed only after its output is safe. Partition numbers are
     * independent (each has its own engine and runs), so they are decoded and evaluated in parallel; within a
     * partition the order is kept. Nothing a record does can make this throw: see {@link #handle}.
     */
    @Incoming("telemetry")
    @Blocking(ordered = true)
    public void process(ConsumerRecords<String, byte[]> records) {
        List<CompletableFuture<Void>> sent = evaluate(records);
        if (!sent.isEmpty()) {
            // waited for outside the lock, so a rebalance can abandon retries of partitions it takes away
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        }
    }

    private synchronized List<CompletableFuture<Void>> evaluate(ConsumerRecords<String, byte[]> records) {
        Map<Integer, List<List<ConsumerRecord<String, byte[]>>>> work = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
            metrics.eventsProcessed(partition.topic(), batch.size());
            if (!owned.contains(partition)) {
                // fetched before the partition was revoked: its new owner replays it
                LOG.debugf("skipping %d records of %s, no longer assigned here", batch.size(), partition);
                continue;
            }
            work.computeIfAbsent(partition.partition(), p -> new ArrayList<>()).add(batch);
            processed.put(partition, batch.get(batch.size() - 1).offset() + 1);
        }
        List<Runnable> tasks = new ArrayList<>();
        List<CompletableFuture<Void>> sent = Collections.synchronizedList(new ArrayList<>());
        work.forEach((number, batches) -> {
            RulesEngine engine = engines.computeIfAbsent(number,
                    p -> new RulesEngine(thresholds, config.maxRunsPerPartition()));
            // on equal timestamps a run's lifecycle comes first, then its metrics, then its layer statistics
            batches.sort(java.util.Comparator.comparingInt(batch -> rank(batch.get(0).topic())));
            tasks.add(() -> inTimeOrder(batches).forEach(record -> handle(engine, record, sent)));
        });
        workers.runAll(tasks);
        return sent;
    }

    /**
     * The records of one partition number's topics merged by timestamp, each topic-partition's own order kept.
     * A batch holds runs-N, metrics-N and layers-N as separate lists; taken list after list, a replay would
     * feed a run's whole metrics history before its STARTED config. Merged, the rules see the run roughly as
     * the trainer published it (config first), as they do when the stream is live.
     */
    private int rank(String topic) {
        return topic.equals(topics.runs()) ? 0 : topic.equals(topics.metrics()) ? 1 : 2;
    }

    static List<ConsumerRecord<String, byte[]>> inTimeOrder(List<List<ConsumerRecord<String, byte[]>>> batches) {
        if (batches.size() == 1) {
            return batches.get(0);
        }
        List<ConsumerRecord<String, byte[]>> merged = new ArrayList<>();
        int[] next = new int[batches.size()];
        while (true) {
            int pick = -1;
            for (int i = 0; i < batches.size(); i++) {
                if (next[i] < batches.get(i).size() && (pick < 0
                        || batches.get(i).get(next[i]).timestamp() < batches.get(pick).get(next[pick]).timestamp())) {
                    pick = i;
                }
            }
            if (pick < 0) {
                return merged;
            }
            merged.add(batches.get(pick).get(next[pick]++));
        }
    }

    /**
     * One record: bounded, decoded, checked, evaluated, and what it raises sent. Whatever goes wrong with it,
     * including an {@link Error} such as {@link OutOfMemoryError} or {@link StackOverflowError} from the rules,
     * dead-letters this record and lets the next one go on: an exception escaping here would stop the
     * consumer, and the replay after a restart would meet the same record again.
     */
    private void handle(RulesEngine engine, ConsumerRecord<String, byte[]> record, List<CompletableFuture<Void>> sent) {
        try {
            String reason = limits.recordSize(record.value());
            if (reason != null) {
                deadLetter(record, "over-limit", reason, sent);
                return;
            }
            Object event;
            try {
                event = decode(record);
            } catch (MalformedEventException e) {
                deadLetter(record, "malformed", e.getMessage(), sent);
                return;
            }
            if (event == null) {
                deadLetter(record, "unknown-topic", "topic " + record.topic() + " is not one of the monitor's input topics", sent);
                return;
            }
            reason = check(event);
            if (reason != null) {
                deadLetter(record, reason.contains("(initwatch.monitor.limits.") ? "over-limit" : "invalid", reason, sent);
                return;
            }
            String runId = runId(event);
            if (!runId.equals(record.key())) {
                // the key decides the partition: a run whose events carry other keys is split across engines
                deadLetter(record, "key-mismatch", record.key() == null
                        ? "record key: missing; it must be the runId \"" + InputLimits.clip(runId)
                                + "\" so a run's events stay on one partition"
                        : "record key \"" + InputLimits.clip(record.key()) + "\" differs from runId \""
                                + InputLimits.clip(runId) + "\"; the key must be the run id so a run's events stay on one partition",
                        sent);
                return;
            }
            List<Alert> raised;
            try {
                raised = evaluate(engine, record, event);
                raised = repairs().afterRules(event, engine.run(runId).flatMap(RunState::config).orElse(null), raised);
            } catch (Throwable e) {
                LOG.errorf(e, "rules failed on %s-%d@%d", record.topic(), record.partition(), record.offset());
                deadLetter(record, "rules-failed", "the rules could not evaluate this event: " + e, sent);
                return;
            }
            for (Alert alert : raised) {
                store.add(alert);
                CompletableFuture<Void> published = alerts.publish(alert, record.partition());
                if (published != null) {
                    sent.add(published);
                    // only alerts published for the first time stop a run: a replay must not stop it again
                    CompletableFuture<Void> stop = control.onAlert(alert,
                            engine.run(alert.runId()).flatMap(RunState::config));
                    if (stop != null) {
                        sent.add(stop);
                    }
                }
            }
        } catch (Throwable e) {
            // the dead-lettering itself failed (e.g. the application is stopping): logged, and the replay
            // after the restart meets this record again
            LOG.errorf(e, "could not handle %s-%d@%d", record.topic(), record.partition(), record.offset());
        }
    }

    private RepairVerifier repairs() {
        if (repairs == null) {
            synchronized (repairsLock) {
                if (repairs == null) {
                    repairs = new RepairVerifier(config.maxRunsPerPartition());
                }
            }
        }
        return repairs;
    }

    private Object decode(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.equals(topics.metrics())) {
            return EventJson.fromBytes(record.value(), EpochMetrics.class);
        } else if (topic.equals(topics.layers())) {
            return EventJson.fromBytes(record.value(), LayerStats.class);
        } else if (topic.equals(topics.runs())) {
            return EventJson.fromBytes(record.value(), RunEvent.class);
        }
        return null;
    }

    private String check(Object event) {
        if (event instanceof EpochMetrics m) {
            return limits.check(m);
        } else if (event instanceof LayerStats s) {
            return limits.check(s);
        }
        return limits.check((RunEvent) event);
    }

    private static String runId(Object event) {
        if (event instanceof EpochMetrics m) {
            return m.runId();
        } else if (event instanceof LayerStats s) {
            return s.runId();
        }
        return ((RunEvent) event).runId();
    }

    private List<Alert> evaluate(RulesEngine engine, ConsumerRecord<String, byte[]> record, Object event) {
        if (event instanceof EpochMetrics m) {
            // the rules judge each epoch once and in order; say how often that turns a record away
            int last = engine.run(m.runId()).map(RunState::lastEpoch).orElse(0);
            if (m.epoch() <= last) {
                metrics.ignored(record.topic(), m.epoch() == last ? "duplicate-epoch" : "out-of-order-epoch");
            }
        }
        return evaluation.evaluate(engine, event);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String kind, String reason,
            List<CompletableFuture<Void>> sent) {
        CompletableFuture<Void> future = deadLetters.send(record, kind, reason);
        if (future != null) {
            sent.add(future);
        }
    }

    synchronized void assigned(Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
    }

    /** Forgets the state of partition numbers no longer assigned on any topic. */
    synchronized void revoked(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        partitions.forEach(processed::remove);
        Set<Integer> stillOwned = new HashSet<>();
        for (TopicPartition tp : owned) {
            stillOwned.add(tp.partition());
        }
        engines.keySet().removeIf(p -> !stillOwned.contains(p));
    }

    /** Per input partition, the offset after the last record the rules have seen. */
    public synchronized Map<TopicPartition, Long> processedPositions() {
        return Map.copyOf(processed);
    }

    public synchronized boolean knowsRun(String runId) {
        return engines.values().stream().anyMatch(engine -> engine.run(runId).isPresent());
    }

    public synchronized int runsTracked() {
        return engines.values().stream().mapToInt(RulesEngine::runCount).sum();
    }
}
