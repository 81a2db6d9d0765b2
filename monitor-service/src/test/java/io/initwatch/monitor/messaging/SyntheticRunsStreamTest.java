package io.initwatch.monitor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.EventJson;
import io.initwatch.events.Severity;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.initwatch.monitor.testing.Processing;
import io.initwatch.monitor.testing.SyntheticRuns.SyntheticRun;
import io.initwatch.monitor.testing.SyntheticRuns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Whole runs streamed through the real broker, all at once and interleaved as concurrent trainers would:
 * each raises exactly its expected alerts, once, and the healthy ones raise nothing of WARNING or above.
 */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class SyntheticRunsStreamTest {

    @Inject
    TelemetryProcessor processor;

    @Test
    void eachRunRaisesExactlyItsAlertsOnceAndHealthyRunsStayQuiet() {
        List<SyntheticRun> runs = SyntheticRuns.all("stream");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(roundRobin(runs));
            // a redelivery of a whole run (e.g. a producer retrying after a timeout) must not repeat alerts
            kafka.publish(runs.get(2).events());
        }
        Processing.awaitAllProcessed(processor);

        Map<String, List<Alert>> byRun = KafkaTestClient.alertRecords(key -> key.startsWith("stream-")).stream()
                .map(r -> EventJson.fromBytes(r.value(), Alert.class))
                .collect(Collectors.groupingBy(Alert::runId));
        for (SyntheticRun run : runs) {
            List<Alert> alerts = byRun.getOrDefault(run.runId(), List.of());
            assertThat(alerts).as(run.runId()).extracting(Alert::alertId).doesNotHaveDuplicates();
            assertThat(alerts.stream().map(Alert::rule).collect(Collectors.toSet())).as(run.runId())
                    .isEqualTo(run.expectedRules());
        }
        for (String healthy : List.of("stream-healthy-he-relu", "stream-healthy-glorot-tanh", "stream-overfitting")) {
            assertThat(byRun.getOrDefault(healthy, List.of())).as(healthy)
                    .allSatisfy(alert -> assertThat(alert.severity()).isEqualTo(Severity.INFO));
        }
        assertThat(byRun.get("stream-lecun-deep-relu")).filteredOn(a -> a.rule().equals("init-mismatch"))
                .singleElement().satisfies(a -> assertThat(a.recommendation())
                        .contains("use He, σ² = 2/64 = 0.0313"));
    }

    /** One event of each run in turn, like concurrent trainers; each run's own order is kept. */
    private static List<Object> roundRobin(List<SyntheticRun> runs) {
        List<Object> merged = new ArrayList<>();
        int longest = runs.stream().mapToInt(r -> r.events().size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (SyntheticRun run : runs) {
                if (i < run.events().size()) {
                    merged.add(run.events().get(i));
                }
            }
        }
        return merged;
    }

}
