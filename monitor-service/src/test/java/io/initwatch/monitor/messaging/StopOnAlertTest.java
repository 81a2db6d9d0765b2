package io.initwatch.monitor.messaging;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.ControlCommand;
import io.initwatch.events.EventJson;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Topics;
import io.initwatch.monitor.testing.KafkaTestClient;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Through the real broker: an alert that meets the run's onAlert policy puts a STOP on initwatch.control. */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class StopOnAlertTest {

    @Test
    void aNanRunWithTheDefaultPolicyIsSentStopNamingTheAlertAndARunWithNeverIsNot() {
        String never = "stop-never-nan";
        String stopped = "stop-default-nan";
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(List.of(started(withPolicy(config(never, 2, 3, 32, "relu", "he-normal", 2), "never")),
                    metrics(never, 1, Double.NaN, 0.7)));
            kafka.publish(List.of(started(config(stopped, 2, 3, 32, "relu", "he-normal", 2)),
                    metrics(stopped, 1, Double.NaN, 0.7)));
        }
        List<ControlCommand> commands = await().atMost(Duration.ofSeconds(30))
                .until(() -> commands(stopped), c -> !c.isEmpty());
        Alert nan = KafkaTestClient.alerts(stopped).stream().filter(a -> a.rule().equals("non-finite-loss"))
                .findFirst().orElseThrow();
        assertThat(commands).hasSize(1);
        ControlCommand stop = commands.get(0);
        assertThat(stop.action()).isEqualTo(ControlCommand.STOP);
        assertThat(stop.alertId()).isEqualTo(nan.alertId());
        assertThat(stop.reason()).contains(nan.alertId()).contains("non-finite-loss");

        // the never-run's alert was published before the other run's: its stop, had there been one, too
        await().atMost(Duration.ofSeconds(30)).until(() -> !KafkaTestClient.alerts(never).isEmpty());
        assertThat(commands(never)).isEmpty();
    }

    private static List<ControlCommand> commands(String runId) {
        return KafkaTestClient.readAll(Topics.CONTROL).stream().filter(r -> runId.equals(r.key()))
                .map(r -> EventJson.fromBytes(r.value(), ControlCommand.class)).toList();
    }

    private static RunConfig withPolicy(RunConfig c, String onAlert) {
        return new RunConfig(c.runId(), c.experimentId(), c.experimentName(), c.runName(), c.dataset(), c.inputSize(),
                c.outputSize(), c.layers(), c.optimizer(), c.learningRate(), c.batchSize(), c.epochs(), c.seed(),
                c.lossFunction(), c.framework(), c.tags(), onAlert, null);
    }
}
