package io.initwatch.monitor.repair;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.RepairOf;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Severity;
import io.initwatch.monitor.testing.EngineFeed;

/** A repair run is judged at its original's diagnosis epoch, from its own config alone. */
class RepairVerifierTest {

    @Test
    void aRepairThatLearnsGetsAnInfoWithTheLossBeforeAndAfter() {
        RunConfig repair = repairOf(config("fixed", 2, 3, 32, "relu", "he-normal", 3),
                new RepairOf("orig", "a-1", "flat-loss", 5, 1.0986));
        List<Alert> verification = verifications(repair, 0.2, 0.15, 0.1, 0.08, 0.05);
        assertThat(verification).hasSize(1);
        Alert alert = verification.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.INFO);
        assertThat(alert.epoch()).isEqualTo(5);
        assertThat(alert.title()).contains("0.05000").contains("1.099");
        assertThat(alert.diagnosis()).contains("flat-loss did not fire again");
        assertThat(alert.evidence()).containsEntry("trainLoss", 0.05).containsEntry("originalTrainLoss", 1.0986);
    }

    @Test
    void aRepairWhereTheSameRuleFiresAgainGetsAWarning() {
        // still zeros: symmetric-weights fires again from the config
        RunConfig repair = repairOf(config("still-zeros", 2, 3, 32, "relu", "zeros", 3),
                new RepairOf("orig", "a-2", "symmetric-weights", 0, null));
        List<Alert> verification = verifications(repair, 1.0986);
        assertThat(verification).hasSize(1);
        assertThat(verification.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(verification.get(0).diagnosis()).contains("symmetric-weights fired again")
                .contains("a classifier that learned nothing sits at ln 3");
    }

    @Test
    void aRunThatIsNoRepairIsNeverVerified() {
        assertThat(verifications(config("plain", 2, 3, 32, "relu", "he-normal", 3), 0.5, 0.4)).isEmpty();
    }

    private static List<Alert> verifications(RunConfig config, double... losses) {
        EngineFeed feed = new EngineFeed();
        List<Alert> out = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        events.add(started(config));
        for (int e = 0; e < losses.length; e++) {
            events.add(metrics(config.runId(), e + 1, losses[e], null));
        }
        for (Object event : events) {
            List<Alert> raised = feed.feed(event);
            out.addAll(RepairVerifier.afterRules(event, feed.engine().run(config.runId()).orElse(null), raised));
        }
        return out.stream().filter(a -> a.rule().equals(RepairVerifier.RULE)).toList();
    }

    private static RunConfig repairOf(RunConfig c, RepairOf original) {
        return new RunConfig(c.runId(), c.experimentId(), c.experimentName(), c.runName(), c.dataset(), c.inputSize(),
                c.outputSize(), c.layers(), c.optimizer(), c.learningRate(), c.batchSize(), c.epochs(), c.seed(),
                c.lossFunction(), c.framework(), c.tags(), "never", original);
    }
}
