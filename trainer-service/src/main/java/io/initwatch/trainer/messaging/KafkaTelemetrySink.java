package io.initwatch.trainer.messaging;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.trainer.telemetry.TelemetrySink;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes contract events to the runs, metrics and layers topics, keyed by run id so one run's events stay in
 * order on one partition. Training never waits for Kafka: the emitters buffer, and a failed send is logged
 * with the run id rather than lost silently.
 */
@ApplicationScoped
public class KafkaTelemetrySink implements TelemetrySink {

    private static final Logger LOG = Logger.getLogger(KafkaTelemetrySink.class);

    @Inject
    @Channel("runs")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<RunEvent> runs;

    @Inject
    @Channel("metrics")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<EpochMetrics> metrics;

    @Inject
    @Channel("layers")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<LayerStats> layers;

    @Override
    public void runEvent(RunEvent event) {
        runs.send(keyed(event, event.runId(), "run event " + event.type()));
    }

    @Override
    public void epochMetrics(EpochMetrics m) {
        metrics.send(keyed(m, m.runId(), "metrics of epoch " + m.epoch()));
    }

    @Override
    public void layerStats(LayerStats s) {
        layers.send(keyed(s, s.runId(), s.phase() + " layer stats at iteration " + s.iteration()));
    }

    private static <T> Message<T> keyed(T payload, String runId, String what) {
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(runId).build())
                .withNack(failure -> {
                    LOG.errorf(failure, "could not publish %s of run %s", what, runId);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
