package io.initwatch.monitor.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.initwatch.events.Alert;
import io.initwatch.events.kafka.AlertDeserializer;

/**
 * The Java consumer snippet of docs/alerts.md, compiled and run by {@code AlertConsumerExampleTest} so the
 * documentation cannot rot; the test also checks that docs/alerts.md shows exactly this snippet. Reads alerts,
 * routes on the severity header, and de-duplicates on the alert-id header.
 */
public final class AlertConsumerExample {

    private AlertConsumerExample() {
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        consume(bootstrap, "my-alert-router", alert -> System.out.println(alert.severity() + " " + alert.title()
                + "\n  " + alert.diagnosis() + "\n  fix: " + alert.recommendation()), () -> true);
    }

    // --- snippet start (docs/alerts.md) ---
    public static void consume(String bootstrap, String group, Consumer<Alert> onCritical, BooleanSupplier running) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AlertDeserializer.class.getName());

        Set<String> seen = new HashSet<>(); // alert ids are deterministic: the same condition has the same id
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("initwatch.alerts"));
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofSeconds(1))) {
                    Header severity = record.headers().lastHeader(Alert.SEVERITY_HEADER);
                    Header alertId = record.headers().lastHeader(Alert.ALERT_ID_HEADER);
                    // route and de-duplicate on the headers without parsing the body, e.g. page only for CRITICAL
                    if ("CRITICAL".equals(new String(severity.value(), StandardCharsets.UTF_8))
                            && seen.add(new String(alertId.value(), StandardCharsets.UTF_8))) {
                        onCritical.accept(record.value()); // record.key() is the run id
                    }
                }
            }
        }
    }
    // --- snippet end ---
}
