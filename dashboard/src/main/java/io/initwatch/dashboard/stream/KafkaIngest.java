package io.initwatch.dashboard.stream;

import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the four topics from the beginning (each process has its own consumer group, see
 * application.properties), so a restarted dashboard rebuilds the same history. A record that cannot be read
 * is logged and skipped: the monitor owns the dead-letter topic, and one bad record must not stop the page.
 */
@ApplicationScoped
public class KafkaIngest {
    private static final Logger LOG = Logger.getLogger(KafkaIngest.class);

    private final HistoryStore store;

    KafkaIngest(HistoryStore store) {
        this.store = store;
    }

    @Incoming("runs")
    void runs(ConsumerRecord<String, RunEvent> record) {
        ingest(record, store::accept);
    }

    @Incoming("metrics")
    void metrics(ConsumerRecord<String, EpochMetrics> record) {
        ingest(record, store::accept);
    }

    @Incoming("layers")
    void layers(ConsumerRecord<String, LayerStats> record) {
        ingest(record, store::accept);
    }

    @Incoming("alerts")
    void alerts(ConsumerRecord<String, Alert> record) {
        ingest(record, store::accept);
    }

    private static <T> void ingest(ConsumerRecord<String, T> record, Consumer<T> apply) {
        if (record.value() == null) {
            LOG.warnf("skipped an unreadable record on %s partition %d offset %d (key %s)", record.topic(),
                    record.partition(), record.offset(), record.key());
            return;
        }
        try {
            apply.accept(record.value());
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not apply the record on %s partition %d offset %d (key %s)", record.topic(),
                    record.partition(), record.offset(), record.key());
        }
    }
}
