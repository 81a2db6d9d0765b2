package io.initwatch.monitor.messaging;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.initwatch.events.Alert;
import io.initwatch.events.ControlCommand;
import io.initwatch.events.RunConfig;
import io.initwatch.events.StopPolicy;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Applies a run's stop policy: when an alert the monitor publishes meets the run's {@code onAlert}, sends a STOP
 * command on the control topic, keyed by run id. The monitor decides (not each trainer) because it holds the run's
 * config and every alert, so one policy means the same for every framework; a trainer only has to obey.
 *
 * <p>Called only for alerts being published for the first time, never for those found again while state is
 * rebuilt, so a restart does not stop runs twice. A run without a config arrives at the default policy.
 */
@ApplicationScoped
public class ControlPublisher {

    private static final Logger LOG = Logger.getLogger(ControlPublisher.class);

    /** A command per stopping alert, a handful per run at most: the buffer never grows large. */
    @Inject
    @Channel("control")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<ControlCommand> emitter;

    /**
     * Sends STOP when the alert meets the run's policy; null when it does not. The future completes when the
     * broker has the command, or when the send failed (logged: the alert itself is already safe, and the
     * trainer's own limits still end a broken run).
     */
    public CompletableFuture<Void> onAlert(Alert alert, Optional<RunConfig> config) {
        StopPolicy policy = config.map(RunConfig::stopPolicy).orElse(StopPolicy.DEFAULT);
        if (!policy.stopsOn(alert.severity())) {
            return null;
        }
        ControlCommand stop = ControlCommand.stop(alert, policy, System.currentTimeMillis());
        CompletableFuture<Void> done = new CompletableFuture<>();
        emitter.send(Message.of(stop)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(alert.runId()).build())
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    LOG.errorf(failure, "could not send STOP for run %s (alert %s)", alert.runId(), alert.alertId());
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }
}
