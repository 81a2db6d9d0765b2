package io.initwatch.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.initwatch.monitor.config.TopicsConfig;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends records the monitor cannot read to the dead-letter topic: the original key, value and headers, plus
 * headers saying why and where from (the same names SmallRye's own dead-letter queue uses). Each input
 * record is dead-lettered once: the {@link PublishedAlertLedger} knows which (topic, partition, offset) are
 * already there, so the replay after a restart does not send them again.
 */
@ApplicationScoped
public class DeadLetterPublisher {
    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String TOPIC_HEADER = "dead-letter-topic";
    public static final String PARTITION_HEADER = "dead-letter-partition";
    public static final String OFFSET_HEADER = "dead-letter-offset";
    /** Present when the copied value was cut: the original's size in bytes (the original stays on its topic). */
    public static final String TRUNCATED_HEADER = "dead-letter-truncated-from";

    /**
     * Values above this are cut to {@link #TRUNCATED_LENGTH} in the copy: with the headers they would not fit
     * the producer's and the broker's default 1 MB record limit, and a record that can never be sent would
     * block the batch. Operators find the whole record on its topic at the offset in the headers.
     */
    static final int MAX_COPIED_LENGTH = 900 * 1024;
    static final int TRUNCATED_LENGTH = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    /** Unbounded: a burst of bad records must not be dropped, and the producer drains it at broker speed. */
    @Inject
    @Channel("dead-letter")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<byte[]> emitter;

    @Inject
    AcknowledgedSends sends;

    @Inject
    TopicsConfig topics;

    @Inject
    MonitorMetrics metrics;

    /**
     * Dead-letters the record unless it already is; null then. Else the future completes once the broker
     * has the copy.
     *
     * @param kind a short, fixed category for the metric ({@code malformed}, {@code over-limit}, ...)
     */
    public CompletableFuture<Void> send(ConsumerRecord<String, byte[]> record, String kind, String reason) {
        String id = PublishedAlertLedger.deadLetterId(record.topic(), record.partition(), record.offset());
        CompletableFuture<Void> sent = sends.send(id, topics.deadLetter(), record.partition(), emitter,
                () -> message(record, reason), "dead letter of " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " (" + reason + ")");
        if (sent == null) {
            LOG.debugf("%s-%d@%d is already dead-lettered: %s", record.topic(), record.partition(), record.offset(),
                    reason);
            return null;
        }
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        metrics.deadLettered(record.topic(), kind);
        return sent;
    }

    private static Message<byte[]> message(ConsumerRecord<String, byte[]> record, String reason) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new RecordHeader(header.key(), header.value()));
        }
        headers.add(header(REASON_HEADER, reason));
        headers.add(header(TOPIC_HEADER, record.topic()));
        headers.add(header(PARTITION_HEADER, Integer.toString(record.partition())));
        headers.add(header(OFFSET_HEADER, Long.toString(record.offset())));
        // a message needs a payload: a null record value travels as an empty one, the reason says it was null
        byte[] value = record.value() == null ? new byte[0] : record.value();
        if (value.length > MAX_COPIED_LENGTH) {
            headers.add(header(TRUNCATED_HEADER, Integer.toString(value.length)));
            value = Arrays.copyOf(value, TRUNCATED_LENGTH);
        }
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return Message.of(value, Metadata.of(kafka));
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
