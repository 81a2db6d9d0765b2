package io.initwatch.monitor.examples;

import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The consumer docs/alerts.md shows is this one, and it receives the monitor's CRITICAL alerts for a NaN loss. */
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

    @Test
    void docsAlertsMdShowsExactlyTheSnippetThatRuns() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/initwatch/monitor/examples/AlertConsumerExample.java"));
        Matcher code = Pattern.compile("// --- snippet start \\(docs/alerts.md\\) ---\n.*?\\{\n(.*)\n    }\n    // --- snippet end ---",
                Pattern.DOTALL).matcher(source);
        assertThat(code.find()).as("snippet markers in AlertConsumerExample.java").isTrue();
        // The docs show the method's body, as a reader would paste it: eight spaces less indentation.
        String body = code.group(1).lines().map(l -> l.startsWith("        ") ? l.substring(8) : l)
                .reduce((a, b) -> a + "\n" + b).orElseThrow();

        String doc = Files.readString(Path.of("..", "docs", "alerts.md"));
        Matcher block = Pattern.compile("### From Java\n.*?```java\n(.*?)\n```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).as("a java block under '### From Java' in docs/alerts.md").isTrue();
        assertThat(block.group(1)).isEqualTo(body);
    }
}
