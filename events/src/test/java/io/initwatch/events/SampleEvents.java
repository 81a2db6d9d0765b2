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
        events.add(new Alert(1, "a-9", "run-1", "exp-1", "symmetric-weights", Severity.CRITICAL, 0, 0L,
                List.of(0, 1), "Zero weights", "Layers 0–1 are zeros.", "Use He.", Cause.SYMMETRY, Map.of(),
                1_700_000_000_900L, new Prescription(List.of(
                        new LayerPrescription(0, "relu", 2, 64, "zeros", "he-normal", 1.0, "he-uniform", Math.sqrt(3),
                                false),
                        new LayerPrescription(1, "mystery", null, null, null, null, null, null, null, false),
                        new LayerPrescription(2, "relu", 64, 64, "he-normal", "he-normal", 2.0 / 64, "he-uniform",
                                Math.sqrt(6.0 / 64), true)), null)));
        events.add(new Alert(1, "a-10", "run-1", null, "diverging-loss", Severity.WARNING, 4, null, List.of(),
                "Loss rising", "Loss rose.", "Lower the learning rate.", Cause.LEARNING_RATE, Map.of(),
                1_700_000_001_000L, new Prescription(List.of(),
                        new RunChange(RunChange.LOWER_LEARNING_RATE, "learningRate", 0.5, 0.05))));
        RunConfig original = config();
        events.add(RunEvent.started(new RunConfig("run-2", "exp-1", null, "repair of run-1", "spirals", 2, 2,
                original.layers(), "sgd", 0.01, 32, 10, 42L, "mcxent", null, Map.of(), "never",
                new RepairOf("run-1", "a-9", "symmetric-weights", 0, Double.NaN)), 1_700_000_001_100L));
        events.add(new ControlCommand(1, ControlCommand.STOP, "run-1", "a-7f3c", "non-finite-loss",
                Severity.CRITICAL, 2, 64L, "stopped by initwatch: alert a-7f3c (non-finite-loss, CRITICAL)",
                1_700_000_001_200L));
        return events;
    }

    static String schemaFor(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "RunEvent" -> "/schemas/run-event.schema.json";
            case "EpochMetrics" -> "/schemas/epoch-metrics.schema.json";
            case "LayerStats" -> "/schemas/layer-stats.schema.json";
            case "Alert" -> "/schemas/alert.schema.json";
            case "ControlCommand" -> "/schemas/control-command.schema.json";
            default -> throw new IllegalArgumentException("no schema for " + type);
        };
    }
}
