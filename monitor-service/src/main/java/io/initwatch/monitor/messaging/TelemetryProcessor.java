package io.initwatch.monitor.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
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
import io.initwatch.monitor.rules.RulesEngine;

/**
 * Decodes telemetry records, runs them through the rules engine of their partition and publishes what the
 * rules raise. A run's events are on the same partition number of each input topic (same key, same partition
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
    PublishedAlertLedger ledger;

    @Inject
    AlertStore store;

    @Inject
    MonitorMetrics metrics;

    @Inject
    ProcessingWorkers workers;

    private final Map<Integer, RulesEngine> engines = new HashMap<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    private final Map<TopicPartition, Long> processed = new HashMap<>();

    /**
     * Processes one polled batch. Partition numbers are independent (each has its own engine and runs), so they
     * are decoded and evaluated in parallel; within a partition the order is kept.
     */
    public synchronized void process(ConsumerRecords<String, byte[]> records) {
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
        work.forEach((number, batches) -> {
            RulesEngine engine = engines.computeIfAbsent(number,
                    p -> new RulesEngine(thresholds, config.maxRunsPerPartition()));
            tasks.add(() -> batches.forEach(batch -> batch.forEach(record -> handle(engine, record))));
        });
        workers.runAll(tasks);
    }

    private void handle(RulesEngine engine, ConsumerRecord<String, byte[]> record) {
        List<Alert> raised;
        try {
            String topic = record.topic();
            if (topic.equals(topics.metrics())) {
                raised = engine.onMetrics(EventJson.fromBytes(record.value(), EpochMetrics.class));
            } else if (topic.equals(topics.layers())) {
                raised = engine.onLayers(EventJson.fromBytes(record.value(), LayerStats.class));
            } else if (topic.equals(topics.runs())) {
                raised = engine.onRunEvent(EventJson.fromBytes(record.value(), RunEvent.class));
            } else {
                deadLetters.send(record, "topic " + topic + " is not one of the monitor's input topics");
                return;
            }
        } catch (MalformedEventException e) {
            deadLetters.send(record, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "rules failed on %s-%d@%d", record.topic(), record.partition(), record.offset());
            deadLetters.send(record, "the rules could not evaluate this event: " + e);
            return;
        }
        for (Alert alert : raised) {
            store.add(alert);
            if (ledger.markPublished(alert.alertId())) {
                alerts.publish(alert);
                metrics.alertPublished(alert);
            } else {
                metrics.alertSuppressed();
            }
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
