package io.initwatch.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends records the monitor cannot read to the dead-letter topic: the original key, value and headers, plus
 * headers saying why and where from (the same names SmallRye's own dead-letter queue uses).
 */
@ApplicationScoped
public class DeadLetterPublisher {
    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String TOPIC_HEADER = "dead-letter-topic";
    public static final String PARTITION_HEADER = "dead-letter-partition";
    public static final String OFFSET_HEADER = "dead-letter-offset";

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    /** Unbounded: a burst of bad records must not be dropped, and the producer drains it at broker speed. */
    @Inject
    @Channel("dead-letter")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<byte[]> emitter;

    @Inject
    MonitorMetrics metrics;

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        List<RecordHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new RecordHeader(header.key(), header.value()));
        }
        headers.add(header(REASON_HEADER, reason));
        headers.add(header(TOPIC_HEADER, record.topic()));
        headers.add(header(PARTITION_HEADER, Integer.toString(record.partition())));
        headers.add(header(OFFSET_HEADER, Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        // a message needs a payload: a null record value travels as an empty one, the reason says it was null
        byte[] value = record.value() == null ? new byte[0] : record.value();
        emitter.send(Message.of(value, Metadata.of(kafka)));
        metrics.deadLettered(record.topic());
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
