package io.initwatch.monitor.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.Topics;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.Processing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Second life: a new monitor application, with no memory but the topics, gets the rest of the run (and a
 * redelivery of epochs 2–3). It must raise what needs the whole run (flat loss over epochs 1–5, which only a
 * restored state can see), repeat none of the first life's alerts, and get there by restoring the state the
 * first life saved, not by reading the first life's input again.
 */
@QuarkusTest
@TestProfile(RestartScenario.SecondLife.class)
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
@Order(2)
class RestartSecondLifeTest {

    @Inject
    TelemetryProcessor processor;

    @Inject
    MeterRegistry registry;

    @Test
    void afterTheRestartNoAlertIsLostOrRepeated() {
        String runId = RestartScenario.RUN.runId();
        assertThat(KafkaTestClient.readAll(Topics.RUNS)).as("the first life (RestartFirstLifeTest, @Order(1)) ran")
                .anyMatch(r -> runId.equals(r.key()));
        List<Alert> before = KafkaTestClient.alerts(runId);
        assertThat(before.stream().map(Alert::rule).collect(Collectors.toSet()))
                .isEqualTo(RestartScenario.FIRST_LIFE_RULES);

        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(RestartScenario.secondLife());
        }
        Processing.awaitAllProcessed(processor);

        List<Alert> after = KafkaTestClient.alerts(runId);
        assertThat(after).extracting(Alert::alertId).doesNotHaveDuplicates();
        assertThat(after.stream().map(Alert::rule).collect(Collectors.toSet()))
                .isEqualTo(RestartScenario.RUN.expectedRules());
        assertThat(after).hasSize(RestartScenario.RUN.expectedRules().size());
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        // the second life's own view was rebuilt from the topics too
        given().queryParam("runId", runId).get("/api/alerts").then().statusCode(200)
                .body("$", hasSize(RestartScenario.RUN.expectedRules().size()));

        // and it was restored, not rebuilt by reading the first life's input again
        assertThat(registry.get("initwatch.monitor.state.runs.restored").counter().count())
                .as("runs restored from the state topic").isGreaterThanOrEqualTo(1);
        double read = registry.find("initwatch.monitor.events.processed").counters().stream()
                .mapToDouble(Counter::count).sum();
        long onTopics = Stream.of(Topics.RUNS, Topics.METRICS, Topics.LAYERS)
                .mapToLong(topic -> KafkaTestClient.readAll(topic).size()).sum();
        assertThat(read).as("input records the second life read, of %d on the topics", onTopics)
                .isLessThan(onTopics);
    }
}
