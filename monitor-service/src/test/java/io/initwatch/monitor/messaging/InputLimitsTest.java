package io.initwatch.monitor.messaging;

import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static io.initwatch.monitor.testing.TelemetryEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.StatsPhase;
import io.initwatch.monitor.config.MonitorConfig;
import io.initwatch.monitor.testing.SyntheticRuns;

/** Every size a record brings from the wire, on both sides of its limit, with the reason an operator reads. */
class InputLimitsTest {
    /** The documented defaults of application.properties. */
    static final MonitorConfig.Limits DEFAULTS = limits(1_048_576, 100_000, 1_000_000_000_000L, 1_000, 256);

    private final InputLimits limits = new InputLimits(DEFAULTS);

    @Test
    void realisticRunsAreWithinEveryLimit() {
        for (SyntheticRuns.SyntheticRun run : SyntheticRuns.all("limits")) {
            for (Object event : run.events()) {
                assertThat(check(event)).as(event.toString()).isNull();
            }
        }
    }

    @Test
    void epochsBeyondTheLimitOrBelowTheFirstAreNamed() {
        assertThat(limits.check(metrics("r", 100_000, 0.5, null))).isNull();
        assertThat(limits.check(metrics("r", 2_000_000_000, 0.5, null)))
                .isEqualTo("epoch: 2000000000 exceeds the limit 100000 (initwatch.monitor.limits.max-epoch)");
        assertThat(limits.check(metrics("r", 0, 0.5, null)))
                .isEqualTo("epoch: 0 is below 1 (1 is the first completed epoch)");
        assertThat(limits.check(metrics("r", -3, 0.5, null)))
                .isEqualTo("epoch: -3 is below 1 (1 is the first completed epoch)");
        assertThat(limits.check(snapshot("r", StatsPhase.EPOCH, -1, 2, i -> layer(i, "relu"))))
                .isEqualTo("epoch: -1 is negative");
        assertThat(limits.check(new RunEvent(1, RunEventType.PROGRESS, "r", null, 1, null, 5, 2_000_000, null)))
                .isEqualTo("totalEpochs: 2000000 exceeds the limit 100000 (initwatch.monitor.limits.max-epoch)");
    }

    @Test
    void iterationsAreBounded() {
        EpochMetrics far = new EpochMetrics(1, "r", null, 1, 2_000_000_000_000L, 0.5, null, null, null, 1, 1);
        assertThat(limits.check(far)).isEqualTo(
                "iteration: 2000000000000 exceeds the limit 1000000000000 (initwatch.monitor.limits.max-iteration)");
        EpochMetrics negative = new EpochMetrics(1, "r", null, 1, -1, 0.5, null, null, null, 1, 1);
        assertThat(limits.check(negative)).isEqualTo("iteration: -1 is negative");
    }

    @Test
    void layerIndexesAndCountsAreBounded() {
        List<LayerStat> layers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            layers.add(layer(i == 3 ? 2_000_000_000 : i, "relu").build(StatsPhase.EPOCH));
        }
        LayerStats stats = new LayerStats(1, "r", null, StatsPhase.EPOCH, 1, 15, layers, 1);
        assertThat(limits.check(stats))
                .isEqualTo("layers[3].index: 2000000000 exceeds the limit 1000 (initwatch.monitor.limits.max-layers)");
        assertThat(limits.check(snapshot("r", StatsPhase.EPOCH, 1, 1_000, i -> layer(i, "relu")))).isNull();
        assertThat(limits.check(snapshot("r", StatsPhase.EPOCH, 1, 1_001, i -> layer(i, "relu"))))
                .isEqualTo("layers: 1001 layers exceeds the limit 1000 (initwatch.monitor.limits.max-layers)");

        // 999 hidden layers and the output layer
        assertThat(limits.check(started(config("r", 2, 999, 8, "relu", "he-normal", 2)))).isNull();
        assertThat(limits.check(started(config("r", 2, 1_000, 8, "relu", "he-normal", 2))))
                .isEqualTo("config.layers: 1001 layers exceeds the limit 1000 (initwatch.monitor.limits.max-layers)");
    }

    @Test
    void aConfigLayerIndexMustBeBelowTheLayerCount() {
        RunConfig base = config("r", 2, 3, 8, "relu", "he-normal", 2);
        List<LayerSpec> specs = new ArrayList<>(base.layers());
        LayerSpec last = specs.get(3);
        specs.set(3, new LayerSpec(7, last.name(), last.type(), last.activation(), last.weightInit(), null, last.nIn(),
                last.nOut()));
        assertThat(limits.check(started(withLayers(base, specs))))
                .isEqualTo("config.layers[3].index: 7 is not below the layer count 4");
        specs.set(3, new LayerSpec(-1, last.name(), last.type(), last.activation(), last.weightInit(), null, last.nIn(),
                last.nOut()));
        assertThat(limits.check(started(withLayers(base, specs)))).isEqualTo("config.layers[3].index: -1 is negative");
    }

    @Test
    void namesAreBoundedAndTheConfigBelongsToItsEvent() {
        String longId = "r".repeat(300);
        assertThat(limits.check(metrics(longId, 1, 0.5, null)))
                .isEqualTo("runId: 300 characters exceeds the limit 256 (initwatch.monitor.limits.max-string-length)");
        assertThat(limits.check(metrics("r".repeat(256), 1, 0.5, null))).isNull();
        RunConfig config = config("r", 2, 2, 8, "relu", "he-normal", 2);
        assertThat(limits.check(started(withName(config, "n".repeat(257)))))
                .isEqualTo("config.runName: 257 characters exceeds the limit 256 (initwatch.monitor.limits.max-string-length)");
        RunEvent foreign = new RunEvent(1, RunEventType.STARTED, "other", null, 1, config, 0, 20, null);
        assertThat(limits.check(foreign)).isEqualTo("config.runId: \"r\" differs from the event's runId \"other\"");
    }

    @Test
    void theRecordSizeIsCheckedBeforeDecoding() {
        assertThat(limits.recordSize(new byte[1_048_576])).isNull();
        assertThat(limits.recordSize(new byte[1_048_577])).isEqualTo(
                "record value: 1048577 bytes exceeds the limit 1048576 (initwatch.monitor.limits.max-record-bytes)");
        assertThat(limits.recordSize(null)).isNull();
    }

    @Test
    void aLimitBelowOneIsRefusedAtStartup() {
        assertThatThrownBy(() -> new InputLimits(limits(0, 1, 1, 1, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    private String check(Object event) {
        if (event instanceof EpochMetrics m) {
            return limits.check(m);
        } else if (event instanceof LayerStats s) {
            return limits.check(s);
        }
        return limits.check((RunEvent) event);
    }

    private static RunConfig withLayers(RunConfig c, List<LayerSpec> layers) {
        return new RunConfig(c.runId(), c.experimentId(), c.runName(), c.dataset(), c.inputSize(), c.outputSize(),
                layers, c.optimizer(), c.learningRate(), c.batchSize(), c.epochs(), c.seed(), c.lossFunction(),
                c.framework(), Map.of());
    }

    private static RunConfig withName(RunConfig c, String name) {
        return new RunConfig(c.runId(), c.experimentId(), name, c.dataset(), c.inputSize(), c.outputSize(),
                c.layers(), c.optimizer(), c.learningRate(), c.batchSize(), c.epochs(), c.seed(), c.lossFunction(),
                c.framework(), Map.of());
    }

    static MonitorConfig.Limits limits(int bytes, int epoch, long iteration, int layers, int chars) {
        return new MonitorConfig.Limits() {
            @Override
            public int maxRecordBytes() {
                return bytes;
            }

            @Override
            public int maxEpoch() {
                return epoch;
            }

            @Override
            public long maxIteration() {
                return iteration;
            }

            @Override
            public int maxLayers() {
                return layers;
            }

            @Override
            public int maxStringLength() {
                return chars;
            }
        };
    }
}
