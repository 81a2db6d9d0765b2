package io.initwatch.monitor.messaging;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunEvent;
import io.initwatch.monitor.config.MonitorConfig;

/**
 * Checks every size a telemetry record brings from the wire against {@code initwatch.monitor.limits.*}
 * before the rules see it. The rules size per-run arrays from epochs and layer indexes as sent, so without
 * this one record could ask for gigabytes, and the replay after the resulting crash would read it again.
 * Each check answers with a reason a person can act on: the field, the value, the limit and its config key.
 */
// @Singleton, not @ApplicationScoped: called for every record, and the client proxy's bean lookup on each call
// cost 3 % of the monitor's CPU in the throughput benchmark's profile
@Singleton
public class InputLimits {
    private static final String KEY = "initwatch.monitor.limits.";

    private final MonitorConfig.Limits limits;

    @Inject
    public InputLimits(MonitorConfig config) {
        this(config.limits());
    }

    InputLimits(MonitorConfig.Limits limits) {
        if (limits.maxRecordBytes() < 1 || limits.maxEpoch() < 1 || limits.maxIteration() < 1
                || limits.maxLayers() < 1 || limits.maxStringLength() < 1) {
            throw new IllegalArgumentException("every initwatch.monitor.limits.* must be at least 1");
        }
        this.limits = limits;
    }

    /** Null when the value may be decoded, else why not. Checked on the raw bytes, before any parsing. */
    public String recordSize(byte[] value) {
        if (value != null && value.length > limits.maxRecordBytes()) {
            return "record value: " + value.length + " bytes exceeds the limit " + limits.maxRecordBytes() + " ("
                    + KEY + "max-record-bytes)";
        }
        return null;
    }

    /** Null when the metrics are within the limits, else the first violation. */
    public String check(EpochMetrics m) {
        String reason = identity(m.runId(), m.experimentId());
        if (reason == null && m.epoch() < 1) {
            reason = "epoch: " + m.epoch() + " is below 1 (1 is the first completed epoch)";
        }
        if (reason == null) {
            reason = atMost("epoch", m.epoch(), limits.maxEpoch(), "max-epoch");
        }
        return reason != null ? reason : iteration("iteration", m.iteration());
    }

    public String check(LayerStats s) {
        String reason = identity(s.runId(), s.experimentId());
        if (reason == null) {
            reason = epoch("epoch", s.epoch());
        }
        if (reason == null) {
            reason = iteration("iteration", s.iteration());
        }
        if (reason == null) {
            reason = layerCount("layers", s.layers().size());
        }
        for (int i = 0; reason == null && i < s.layers().size(); i++) {
            LayerStat layer = s.layers().get(i);
            if (layer == null) {
                return "layers[" + i + "]: null where a layer was expected";
            }
            reason = layerIndex("index", layer.index());
            if (reason == null) {
                reason = string("name", layer.name());
            }
            if (reason == null) {
                reason = string("activation", layer.activation());
            }
            if (reason != null) {
                // the path is written only for a violation: every layer of every snapshot passes through here
                reason = "layers[" + i + "]." + reason;
            }
        }
        return reason;
    }

    public String check(RunEvent e) {
        String reason = identity(e.runId(), e.experimentId());
        if (reason == null && e.epoch() != null) {
            reason = epoch("epoch", e.epoch());
        }
        if (reason == null && e.totalEpochs() != null) {
            reason = epoch("totalEpochs", e.totalEpochs());
        }
        // the end reason is free text (an exception message) that the rules never keep: the record size bounds it
        return reason != null || e.config() == null ? reason : check(e.runId(), e.config());
    }

    private String check(String runId, RunConfig c) {
        if (c.runId() != null && !c.runId().equals(runId)) {
            return "config.runId: \"" + clip(c.runId()) + "\" differs from the event's runId \"" + clip(runId) + "\"";
        }
        String reason = null;
        for (String[] field : new String[][] {{"config.runId", c.runId()}, {"config.experimentId", c.experimentId()},
                {"config.runName", c.runName()}, {"config.dataset", c.dataset()}, {"config.optimizer", c.optimizer()},
                {"config.lossFunction", c.lossFunction()}, {"config.framework", c.framework()}}) {
            reason = reason != null ? reason : string(field[0], field[1]);
        }
        if (reason == null) {
            reason = epoch("config.epochs", c.epochs());
        }
        if (reason == null) {
            reason = layerCount("config.layers", c.layers().size());
        }
        List<LayerSpec> layers = c.layers();
        for (int i = 0; reason == null && i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            String at = "config.layers[" + i + "].";
            if (spec == null) {
                return "config.layers[" + i + "]: null where a layer was expected";
            }
            reason = layerIndex(at + "index", spec.index());
            if (reason == null && spec.index() >= layers.size()) {
                // the config lists every layer with weights, numbered from 0, so an index is below their count
                reason = at + "index: " + spec.index() + " is not below the layer count " + layers.size();
            }
            for (String[] field : new String[][] {{at + "name", spec.name()}, {at + "type", spec.type()},
                    {at + "activation", spec.activation()}, {at + "weightInit", spec.weightInit()}}) {
                reason = reason != null ? reason : string(field[0], field[1]);
            }
        }
        return reason;
    }

    private String identity(String runId, String experimentId) {
        String reason = string("runId", runId);
        return reason != null ? reason : string("experimentId", experimentId);
    }

    private String epoch(String field, long epoch) {
        return epoch < 0 ? field + ": " + epoch + " is negative" : atMost(field, epoch, limits.maxEpoch(), "max-epoch");
    }

    private String iteration(String field, long iteration) {
        return iteration < 0 ? field + ": " + iteration + " is negative"
                : atMost(field, iteration, limits.maxIteration(), "max-iteration");
    }

    private String layerCount(String field, int count) {
        return count > limits.maxLayers() ? field + ": " + count + " layers exceeds the limit " + limits.maxLayers()
                + " (" + KEY + "max-layers)" : null;
    }

    private String layerIndex(String field, int index) {
        if (index < 0) {
            return field + ": " + index + " is negative";
        }
        if (index >= limits.maxLayers()) {
            return field + ": " + index + (index > limits.maxLayers() ? " exceeds the limit " : " is not below the limit ")
                    + limits.maxLayers() + " (" + KEY + "max-layers)";
        }
        return null;
    }

    private String string(String field, String value) {
        return value != null && value.length() > limits.maxStringLength() ? field + ": " + value.length()
                + " characters exceeds the limit " + limits.maxStringLength() + " (" + KEY + "max-string-length)" : null;
    }

    private static String atMost(String field, long value, long limit, String key) {
        return value > limit ? field + ": " + value + " exceeds the limit " + limit + " (" + KEY + key + ")" : null;
    }

    static String clip(String value) {
        return value == null || value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
