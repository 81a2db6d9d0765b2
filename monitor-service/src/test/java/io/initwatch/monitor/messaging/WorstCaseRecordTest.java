package io.initwatch.monitor.messaging;

import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.StatsPhase;
import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.rules.RulesEngine;

/**
 * The largest records the default limits let through reach the rules and are evaluated: a 1,000-layer config
 * with 256-character names, 1,000-layer snapshots, an epoch of 100,000. Prints what each costs, since one
 * slow record holds up its batch (see docs/reliability.md); the figures are printed, not asserted.
 */
class WorstCaseRecordTest {
    private final InputLimits limits = new InputLimits(InputLimitsTest.DEFAULTS);

    @Test
    void theLargestAdmittedRecordsAreEvaluatedAndTheirCostIsPrinted() {
        String runId = "r".repeat(256);
        int count = InputLimitsTest.DEFAULTS.maxLayers();
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean output = i == count - 1;
            specs.add(new LayerSpec(i, "n".repeat(250) + i, output ? "output" : "dense", output ? "softmax" : "relu",
                    "lecun-normal", null, 64, output ? 2 : 64));
        }
        RunConfig config = new RunConfig(runId, null, "x".repeat(256), "spirals", 64, 2, specs, "sgd", 0.01, 32,
                100_000, 42, "mcxent", "synthetic", Map.of());
        List<Object> events = new ArrayList<>();
        events.add(RunEvent.started(config, 1));
        events.add(snapshot(runId, StatsPhase.PREFLIGHT, 0, count, i -> layer(i, "relu")
                .activationStd(Math.pow(0.707, i)).gradient(1e-3 * Math.pow(1.01, i))));
        for (int epoch : new int[] {1, 2, 3, 4, 5, InputLimitsTest.DEFAULTS.maxEpoch()}) {
            events.add(new EpochMetrics(1, runId, null, epoch, epoch * 15L, 0.69, 0.7, null, null, 1, epoch));
            events.add(snapshot(runId, StatsPhase.EPOCH, epoch, count, i -> layer(i, "relu")
                    .activationStd(Math.pow(0.707, i)).gradient(1e-3 * Math.pow(1.01, i))));
        }

        RulesEngine engine = new RulesEngine(RuleThresholds.defaults(), 10);
        RuleEvaluation evaluation = new RuleEvaluation();
        long worstNanos = 0;
        String worst = "";
        int alerts = 0;
        List<String> costs = new ArrayList<>();
        for (Object event : events) {
            String reason = event instanceof EpochMetrics m ? limits.check(m)
                    : event instanceof LayerStats s ? limits.check(s) : limits.check((RunEvent) event);
            assertThat(reason).as("within the default limits").isNull();
            assertThat(limits.recordSize(EventJson.toBytes(event))).isNull();
            long start = System.nanoTime();
            alerts += evaluation.evaluate(engine, event).size();
            long took = System.nanoTime() - start;
            costs.add(String.format("%s %.1f ms", event instanceof EpochMetrics m ? "metrics@" + m.epoch()
                    : event instanceof LayerStats s ? s.phase() + "@" + s.epoch() : "config", took / 1e6));
            if (took > worstNanos) {
                worstNanos = took;
                worst = event.getClass().getSimpleName() + " of " + EventJson.toBytes(event).length + " bytes";
            }
        }
        assertThat(alerts).as("a 1/n_in ReLU net of 1,000 layers is diagnosed").isPositive();
        System.out.printf("worst-case records: the slowest, a %s, took %.1f ms in the rules (%d alerts raised)%n",
                worst, worstNanos / 1e6, alerts);
        System.out.println("  in order (the first calls include JIT warm-up): " + String.join(", ", costs));
    }
}
