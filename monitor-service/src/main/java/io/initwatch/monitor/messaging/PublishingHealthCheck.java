package io.initwatch.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN from the moment the producer gives up on an alert or dead letter until a retry of it is
 * acknowledged: the monitor holds back the batch that raised it (its offsets stay uncommitted) until the broker
 * has it.
 */
@Readiness
@ApplicationScoped
public class PublishingHealthCheck implements HealthCheck {

    @Inject
    AcknowledgedSends sends;

    @Override
    public HealthCheckResponse call() {
        int failing = sends.failing();
        return HealthCheckResponse.named("initwatch-monitor-publishing").status(failing == 0)
                .withData("sendsAwaitingRetry", failing).build();
    }
}
