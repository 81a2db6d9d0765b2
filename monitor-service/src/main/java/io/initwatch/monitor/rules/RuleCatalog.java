package io.initwatch.monitor.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initwatch.events.Severity;

/** What each rule detects, the alert {@code rule} strings it raises and its active thresholds by config key. */
public final class RuleCatalog {

    /**
     * @param name        the rule's wire name, also its config group under {@code initwatch.rules.}
     * @param alertRules  the {@code rule} field of the alerts it raises
     * @param severities  the severities it can raise
     * @param detects     one line on what it looks for
     * @param thresholds  active thresholds by config key (empty for rules without any)
     */
    public record Entry(String name, List<String> alertRules, List<Severity> severities, String detects,
            Map<String, Number> thresholds) {
    }

    private RuleCatalog() {
    }

    public static List<Entry> describe(RuleThresholds t) {
        return List.of(
                new Entry("non-finite", List.of(NonFiniteRule.LOSS, NonFiniteRule.VALIDATION_LOSS,
                        NonFiniteRule.GRADIENTS, NonFiniteRule.WEIGHTS), List.of(Severity.CRITICAL),
                        "NaN or ±Infinity in the loss, validation loss, a gradient or the weights", Map.of()),
                entry(t, FlatLossRule.RULE, List.of(Severity.WARNING),
                        "training loss stuck near its starting value, or near chance, over a window of epochs"),
                entry(t, DivergingLossRule.RULE, List.of(Severity.WARNING, Severity.CRITICAL),
                        "training loss rising epoch after epoch (WARNING) or far above its start (CRITICAL)"),
                entry(t, ErraticValidationLossRule.RULE, List.of(Severity.WARNING),
                        "validation loss reversing direction by large amounts"),
                entry(t, ExplodingGradientsRule.RULE, List.of(Severity.WARNING, Severity.CRITICAL),
                        "a layer's gradient norm above a bound or growing geometrically, before the first NaN"),
                entry(t, VanishingGradientsRule.RULE, List.of(Severity.INFO, Severity.WARNING),
                        "early layers' gradient norms orders of magnitude below the last layer's, or below a floor"),
                entry(t, VarianceNotPreservedRule.RULE, List.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL),
                        "pre-flight activation std shrinking (WARNING) or growing (CRITICAL) layer over layer"),
                entry(t, SymmetricWeightsRule.RULE, List.of(Severity.CRITICAL),
                        "hidden layers with indistinguishable units (zero or constant init)"),
                entry(t, DeadReluRule.RULE, List.of(Severity.INFO, Severity.WARNING),
                        "ReLU-family layers with most activations exactly 0"),
                entry(t, SaturatedActivationsRule.RULE, List.of(Severity.INFO, Severity.WARNING),
                        "tanh/sigmoid layers with many units on the flat ends"),
                entry(t, UpdateRatioRule.RULE, List.of(Severity.INFO, Severity.WARNING),
                        "‖ΔW‖/‖W‖ far below or above the healthy ~1e-3"),
                entry(t, InitMismatchRule.RULE, List.of(Severity.WARNING),
                        "the run config gives layers an initial variance their activation does not suit"),
                entry(t, OverfittingRule.RULE, List.of(Severity.INFO),
                        "validation loss rising while training loss falls: not an initialization problem"));
    }

    /** A rule whose config group is its wire name: its thresholds are every declared one under that name. */
    private static Entry entry(RuleThresholds t, String rule, List<Severity> severities, String detects) {
        Map<String, Number> thresholds = new LinkedHashMap<>();
        for (Threshold def : RuleThresholds.DEFINITIONS) {
            if (def.rule().equals(rule)) {
                thresholds.put(def.configKey(), def.activeValue(t));
            }
        }
        return new Entry(rule, List.of(rule), severities, detects, thresholds);
    }

    /** Every alert {@code rule} string the engine can raise. */
    public static List<String> alertRules() {
        return describe(RuleThresholds.defaults()).stream().flatMap(e -> e.alertRules().stream()).toList();
    }
}
