package io.initwatch.monitor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.Processing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** First life of the monitor: epochs 1–3 of the run, then Quarkus stops this application. */
@QuarkusTest
@TestProfile(RestartScenario.FirstLife.class)
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
@Order(1)
class RestartFirstLifeTest {

    @Inject
    TelemetryProcessor processor;

    @Test
    void theFirstHalfOfTheRunRaisesWhatItCanSee() {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(RestartScenario.firstLife());
        }
        Processing.awaitAllProcessed(processor);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                KafkaTestClient.alerts(RestartScenario.RUN.runId()).stream().map(Alert::rule).collect(Collectors.toSet()))
                .isEqualTo(RestartScenario.FIRST_LIFE_RULES));
    }
}
