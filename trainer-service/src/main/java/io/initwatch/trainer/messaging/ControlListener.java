package io.initwatch.trainer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.ControlCommand;
import io.initwatch.events.EventJson;
import io.initwatch.events.MalformedEventException;
import io.initwatch.trainer.run.RunService;

/**
 * What the monitor says back: STOP commands on the control topic, which a running run obeys before its next update,
 * and the alerts, whose prescriptions a repair applies. Every trainer instance reads both topics whole (its own
 * consumer group), keeping only what concerns its own runs.
 */
@ApplicationScoped
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);
    /** A command is a few hundred bytes; anything far larger is not one. */
    static final int MAX_COMMAND_BYTES = 16 * 1024;
    /** An alert with a prescription for 1,000 layers is ~200 KB; the monitor's own record limit is 1 MiB. */
    static final int MAX_ALERT_BYTES = 1024 * 1024;

    @Inject
    RunService runs;

    // Not @Blocking: the work is a map lookup and a flag, and a worker-thread hop would only delay the stop.
    @Incoming("control")
    public void onCommand(ConsumerRecord<String, byte[]> record) {
        ControlCommand command = decode(record, ControlCommand.class, MAX_COMMAND_BYTES);
        if (command != null) {
            runs.stopOnCommand(command);
        }
    }

    @Incoming("monitor-alerts")
    @io.smallrye.common.annotation.Blocking
    public void onAlert(ConsumerRecord<String, byte[]> record) {
        Alert alert = decode(record, Alert.class, MAX_ALERT_BYTES);
        if (alert != null) {
            // may start a repair run, which validates its config (a CSV read): a worker thread, not the event loop
            runs.onAlert(alert);
        }
    }

    private static <T> T decode(ConsumerRecord<String, byte[]> record, Class<T> type, int maxBytes) {
        byte[] value = record.value();
        if (value == null || value.length > maxBytes) {
            LOG.debugf("ignoring %s@%d: not a %s (%s bytes)", record.topic(), record.offset(), type.getSimpleName(),
                    value == null ? "no" : value.length);
            return null;
        }
        try {
            return EventJson.fromBytes(value, type);
        } catch (MalformedEventException e) {
            LOG.warnf("ignoring %s@%d: %s", record.topic(), record.offset(), e.getMessage());
            return null;
        }
    }
}
