package io.initwatch.monitor.examples;

import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The documented consumer receives the monitor's CRITICAL alert for a run with a NaN loss. */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class AlertConsumerExampleTest {

    @Test
    void theDocumentedConsumerReceivesCriticalAlerts() {
        String runId = "consumer-example-nan";
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(List.of(metrics(runId, 1, 0.7, 0.7), metrics(runId, 2, Double.NaN, Double.NaN)));
        }
        List<Alert> received = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        AlertConsumerExample.consume(MonitorKafkaResource.bootstrapServers(), "docs-example-" + System.nanoTime(),
                received::add, () -> System.nanoTime() < deadline
                        && received.stream().filter(a -> a.runId().equals(runId)).count() < 2);
        assertThat(received).filteredOn(a -> a.runId().equals(runId)).extracting(Alert::rule)
                .containsExactlyInAnyOrder("non-finite-loss", "non-finite-validation-loss");
    }
}
