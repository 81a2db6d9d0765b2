package io.initwatch.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One realistic message of every kind and shape the contract allows, non-finite values included. */
final class SampleEvents {

    private SampleEvents() {
    }

    static RunConfig config() {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            layers.add(new LayerSpec(i, "dense-" + i, "dense", "relu", "xavier-normal", null, i == 0 ? 2 : 64, 64));
        }
        layers.add(new LayerSpec(3, "output", "output", "softmax", "custom-normal", 0.5, 64, 2));
        return new RunConfig("run-1", "exp-1", "deep relu, 3 layers", "<b>deep relu</b>", "spirals", 2, 2, layers, "sgd", 0.01, 32, 10,
                42L, "mcxent", "deeplearning4j 1.0.0-M2.1", Map.of("owner", "ml-team"));
    }

    static List<Object> all() {
        List<Object> events = new ArrayList<>();
        events.add(RunEvent.started(config(), 1_700_000_000_000L));
        events.add(RunEvent.progress("run-1", "exp-1", 3, 10, 1_700_000_000_100L));
        events.add(RunEvent.ended(RunEventType.FAILED, "run-1", null, 4, 10, "loss became NaN", 1_700_000_000_200L));
        events.add(new EpochMetrics(1, "run-1", "exp-1", 1, 32, 0.69, 0.70, 0.51, 0.49, 120, 1_700_000_000_300L));
        events.add(new EpochMetrics(1, "run-1", null, 2, 64, Double.NaN, Double.POSITIVE_INFINITY, null, null, 118,
                1_700_000_000_400L));
        events.add(new LayerStats(1, "run-1", "exp-1", StatsPhase.PREFLIGHT, 0, 0, List.of(
                new LayerStat(0, "dense-0", "relu", 1e-9, 1e-10, 3.2, 0.0, 0.05, null, 0.01, 0.002, 0.5, 0.0, 0.0),
                new LayerStat(1, "dense-1", "tanh", Double.POSITIVE_INFINITY, null, Double.NaN,
                        Double.NEGATIVE_INFINITY, null, 2.5e-3, null, null, null, 0.97, null)),
                1_700_000_000_500L));
        events.add(new LayerStats(1, "run-1", null, StatsPhase.EPOCH, 1, 32, List.of(), 1_700_000_000_600L));
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("trainLoss", Double.NaN);
        evidence.put("firstLayerGradientNorm", 1.2e-12);
        events.add(new Alert(1, "a-7f3c", "run-1", "exp-1", "non-finite-loss", Severity.CRITICAL, 2, 64L,
                List.of(), "Training loss is NaN", "Loss became NaN at epoch 2.", "Use He: σ² = 2/64 = 0.031.",
                Cause.EXPLODING, evidence, 1_700_000_000_700L));
        events.add(new Alert(1, "a-8", "run-1", null, "init-mismatch", Severity.INFO, 0, null,
                List.of(1, 2), "ReLU with Glorot", "Layers 1–2 use ReLU with Glorot.", "Use He.", null, Map.of(),
                1_700_000_000_800L));
        return events;
    }

    static String schemaFor(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "RunEvent" -> "/schemas/run-event.schema.json";
            case "EpochMetrics" -> "/schemas/epoch-metrics.schema.json";
            case "LayerStats" -> "/schemas/layer-stats.schema.json";
            case "Alert" -> "/schemas/alert.schema.json";
            default -> throw new IllegalArgumentException("no schema for " + type);
        };
    }
}
