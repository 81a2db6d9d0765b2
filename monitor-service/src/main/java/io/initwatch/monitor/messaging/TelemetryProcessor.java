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

import jakarta.annotation.PostConstruct;
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
import io.initwatch.monitor.rules.RunStateCodec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The one consumer of the runs, metrics and layers topics, in batches of raw bytes: decoding here (not in a
 * deserializer) lets each unreadable record go to the dead-letter topic alone while the rest of the batch is
 * processed. Decodes telemetry records, runs them through the rules engine of their partition (on worker threads,
 * in order, never on the Vert.x event loop) and publishes what the rules raise. A run's events are on the same
 * partition number of each input topic (same key, same partition count), so one engine per partition number sees
 * everything about its runs.
 *
 * <p>Each partition number's rule state is saved to the state topic ({@link RunStateTopic}) every
 * {@code initwatch.monitor.state.save-interval}, after the alerts of the records it covers are acknowledged, and
 * when the partition is given away; an instance assigned the partition restores it from there ({@link
 * StateRecovery}) and resumes the input where the save left off.
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

    @Inject
    RunStateTopic stateTopic;

    @Inject
    MeterRegistry registry;

    private final Map<Integer, PartitionState> partitions = new HashMap<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    private final Map<TopicPartition, Long> processed = new HashMap<>();
    private long lastSave = System.nanoTime();

    /** One input partition number's rules, and which of its runs changed since the last save. */
    private final class PartitionState {
        final RulesEngine engine;
        /** Touched only by the one worker evaluating this partition, or under the processor's lock. */
        final Set<String> changed = new HashSet<>();
        final Set<String> forgotten = new HashSet<>();
        Map<TopicPartition, Long> savedPositions = Map.of();

        PartitionState() {
            engine = new RulesEngine(thresholds, config.maxRunsPerPartition(), runId -> {
                changed.remove(runId);
                forgotten.add(runId);
            });
        }

        void touched(String runId) {
            changed.add(runId);
            forgotten.remove(runId);
        }
    }

    @PostConstruct
    void registerGauge() {
        Gauge.builder("initwatch.monitor.partitions.assigned", this, TelemetryProcessor::partitionsHeld)
                .description("Input partition numbers this instance holds (their runs' state restored)")
                .register(registry);
    }

    private synchronized int partitionsHeld() {
        return numbers(owned).size();
    }

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
        // only here, after this batch's alerts are acknowledged: a save must never cover an alert not yet on the
        // topic, or a restart would restore the condition as fired and the alert would be lost
        if (System.nanoTime() - lastSave >= config.state().saveInterval().toNanos()) {
            try {
                saveOwned();
            } catch (Throwable e) {
                // a save that fails costs nothing but a longer re-read after a crash; it must not stop the consumer
                LOG.errorf(e, "could not save the rules' state; trying again after the next batch");
                metrics.stateSaveFailed();
            }
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
            PartitionState state = partitions.computeIfAbsent(number, p -> new PartitionState());
            // on equal timestamps a run's lifecycle comes first, then its metrics, then its layer statistics
            batches.sort(java.util.Comparator.comparingInt(batch -> rank(batch.get(0).topic())));
            tasks.add(() -> inTimeOrder(batches).forEach(record -> handle(state, record, sent)));
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
    private void handle(PartitionState state, ConsumerRecord<String, byte[]> record,
            List<CompletableFuture<Void>> sent) {
        RulesEngine engine = state.engine;
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
                state.touched(runId);
                raised = evaluate(engine, record, event);
                raised = RepairVerifier.afterRules(event, engine.run(runId).orElse(null), raised);
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

    /**
     * Takes on newly assigned partitions: each partition number not held yet gets its runs restored from the
     * state topic. Returns, per input partition, the offset its saved state covers, where the input resumes;
     * partitions missing from it have no save (their state must be rebuilt from history).
     */
    synchronized Map<TopicPartition, Long> assigned(Collection<TopicPartition> assigned) {
        owned.addAll(assigned);
        Map<TopicPartition, Long> resume = new HashMap<>();
        for (int number : numbers(assigned)) {
            if (partitions.containsKey(number)) {
                continue;
            }
            long start = System.nanoTime();
            RunStateTopic.Saved saved;
            try {
                saved = stateTopic.read(number);
            } catch (Throwable e) {
                // without its saved state the partition is rebuilt from its input history, as on a first start
                LOG.errorf("cannot read the saved state of partition %d from %s: %s; replaying its input instead",
                        number, config.state().topic(), e);
                saved = new RunStateTopic.Saved(Map.of(), Map.of());
            }
            PartitionState state = new PartitionState();
            int refused = 0;
            for (Map.Entry<String, byte[]> run : saved.runs().entrySet()) {
                try {
                    state.engine.restore(RunStateCodec.decode(run.getValue(), config.limits().maxEpoch(),
                            config.limits().maxLayers()));
                } catch (Throwable e) {
                    // that run starts afresh with its next event; the others are not held back by it. Errors too: an
                    // exception escaping the rebalance listener would stop the consumer, and every restart would
                    // read the same record again
                    refused++;
                    LOG.warnf("cannot restore run %s of partition %d: %s", InputLimits.clip(run.getKey()), number,
                            e.getMessage());
                }
            }
            partitions.put(number, state);
            state.savedPositions = saved.positions();
            saved.positions().forEach((tp, offset) -> {
                if (assigned.contains(tp)) {
                    resume.put(tp, offset);
                }
            });
            metrics.runsRestored(saved.runs().size() - refused);
            LOG.infof("partition %d: %d runs restored from %s in %d ms%s%s", number, saved.runs().size() - refused,
                    config.state().topic(), (System.nanoTime() - start) / 1_000_000,
                    refused > 0 ? " (" + refused + " unreadable, started afresh)" : "",
                    saved.positions().isEmpty() ? ", no saved input positions" : "");
        }
        return resume;
    }

    /** Where each assigned input partition starts, so a save covers it even before its first record. */
    synchronized void startingAt(Map<TopicPartition, Long> positions) {
        processed.putAll(positions);
    }

    /** Stops evaluating these partitions (they are being given away); their state stays until revoked. */
    synchronized void release(Collection<TopicPartition> released) {
        owned.removeAll(released);
    }

    /**
     * Forgets the state of partition numbers no longer assigned on any topic, saving it first when {@code save}:
     * only when everything they raised is acknowledged, so the next owner neither loses nor repeats an alert.
     */
    synchronized void revoked(Collection<TopicPartition> revoked, boolean save) {
        owned.removeAll(revoked);
        Set<Integer> stillOwned = numbers(owned);
        Map<Integer, PartitionState> leaving = new HashMap<>();
        for (int number : numbers(revoked)) {
            if (!stillOwned.contains(number)) {
                PartitionState state = partitions.remove(number);
                if (save && state != null) {
                    leaving.put(number, state);
                }
            }
        }
        save(leaving);
        revoked.forEach(processed::remove);
    }

    /** Saves every owned partition number whose runs or input positions moved since its last save. */
    private synchronized void saveOwned() {
        Map<Integer, PartitionState> states = new HashMap<>();
        for (int number : numbers(owned)) {
            PartitionState state = partitions.get(number);
            if (state != null) {
                states.put(number, state);
            }
        }
        save(states);
        lastSave = System.nanoTime();
    }

    private void save(Map<Integer, PartitionState> states) {
        Map<Integer, RunStateTopic.Saved> saves = new HashMap<>();
        states.forEach((number, state) -> {
            Map<TopicPartition, Long> positions = new HashMap<>();
            processed.forEach((tp, offset) -> {
                if (tp.partition() == number) {
                    positions.put(tp, offset);
                }
            });
            if (state.changed.isEmpty() && state.forgotten.isEmpty() && positions.equals(state.savedPositions)) {
                return;
            }
            Map<String, byte[]> runs = new HashMap<>();
            for (String runId : state.changed) {
                state.engine.run(runId).ifPresent(run -> runs.put(runId, RunStateCodec.encode(run)));
            }
            state.forgotten.forEach(runId -> runs.put(runId, null));
            saves.put(number, new RunStateTopic.Saved(runs, positions));
        });
        if (saves.isEmpty()) {
            return;
        }
        Set<Integer> done = stateTopic.save(saves);
        saves.forEach((number, save) -> {
            if (done.contains(number)) {
                PartitionState state = states.get(number);
                state.changed.clear();
                state.forgotten.clear();
                state.savedPositions = save.positions();
            } else {
                metrics.stateSaveFailed();
            }
        });
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }

    /** Per input partition, the offset after the last record the rules have seen. */
    public synchronized Map<TopicPartition, Long> processedPositions() {
        return Map.copyOf(processed);
    }

    public synchronized boolean knowsRun(String runId) {
        return partitions.values().stream().anyMatch(state -> state.engine.run(runId).isPresent());
    }

    public synchronized int runsTracked() {
        return partitions.values().stream().mapToInt(state -> state.engine.runCount()).sum();
    }
}
