package io.initwatch.monitor.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initwatch.events.Severity;

/** What each rule detects, the alert {@code rule} strings it raises and its active thresholds by config key. */
public final class RuleCatalog {

    /**
     * @param name        the rule class's concern, also the config group under {@code initwatch.rules.}
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
                new Entry("flat-loss", List.of(FlatLossRule.RULE), List.of(Severity.WARNING),
                        "training loss stuck near its starting value, or near chance, over a window of epochs",
                        keys("flat-loss", "window-epochs", t.flatLoss().windowEpochs(), "min-relative-drop",
                                t.flatLoss().minRelativeDrop(), "max-progress", t.flatLoss().maxProgress(),
                                "chance-margin", t.flatLoss().chanceMargin())),
                new Entry("divergence", List.of(DivergenceRule.RULE), List.of(Severity.WARNING, Severity.CRITICAL),
                        "training loss rising epoch after epoch (WARNING) or far above its start (CRITICAL)",
                        keys("divergence", "rising-epochs", t.divergence().risingEpochs(), "min-relative-rise",
                                t.divergence().minRelativeRise(), "min-start-relative-rise",
                                t.divergence().minStartRelativeRise(), "max-growth", t.divergence().maxGrowth())),
                new Entry("erratic-validation", List.of(ErraticValidationRule.RULE), List.of(Severity.WARNING),
                        "validation loss reversing direction by large amounts",
                        keys("erratic-validation", "window-epochs", t.erraticValidation().windowEpochs(),
                                "min-direction-changes", t.erraticValidation().minDirectionChanges(),
                                "min-relative-swing", t.erraticValidation().minRelativeSwing(),
                                "min-start-relative-swing", t.erraticValidation().minStartRelativeSwing())),
                new Entry("exploding-gradients", List.of(ExplodingGradientRule.RULE), List.of(Severity.WARNING, Severity.CRITICAL),
                        "a layer's gradient norm above a bound or growing geometrically, before the first NaN",
                        keys("exploding-gradients", "max-gradient-norm", t.explodingGradients().maxGradientNorm(),
                                "growth-factor", t.explodingGradients().growthFactor(), "growth-epochs",
                                t.explodingGradients().growthEpochs(), "min-grown-norm",
                                t.explodingGradients().minGrownNorm())),
                new Entry("vanishing-gradients", List.of(VanishingGradientRule.RULE), List.of(Severity.INFO, Severity.WARNING),
                        "early layers' gradient norms orders of magnitude below the last layer's, or below a floor",
                        keys("vanishing-gradients", "max-ratio-to-last-layer",
                                t.vanishingGradients().maxRatioToLastLayer(), "min-gradient-norm",
                                t.vanishingGradients().minGradientNorm())),
                new Entry("variance-preservation", List.of(PreflightVarianceRule.RULE),
                        List.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL),
                        "pre-flight activation std shrinking (WARNING) or growing (CRITICAL) layer over layer",
                        keys("variance-preservation", "min-hidden-layers", t.variancePreservation().minHiddenLayers(),
                                "max-drift", t.variancePreservation().maxDrift(), "max-first-layer-std",
                                t.variancePreservation().maxFirstLayerStd())),
                new Entry("symmetry", List.of(SymmetryRule.RULE), List.of(Severity.CRITICAL),
                        "hidden layers with indistinguishable units (zero or constant init)",
                        keys("symmetry", "max-weight-std", t.symmetry().maxWeightStd(), "max-relative-unit-spread",
                                t.symmetry().maxRelativeUnitSpread())),
                new Entry("dead-relu", List.of(DeadReluRule.RULE), List.of(Severity.INFO, Severity.WARNING),
                        "ReLU-family layers with most activations exactly 0",
                        keys("dead-relu", "max-zero-fraction", t.deadRelu().maxZeroFraction())),
                new Entry("saturation", List.of(SaturationRule.RULE), List.of(Severity.INFO, Severity.WARNING),
                        "tanh/sigmoid layers with many units on the flat ends",
                        keys("saturation", "max-saturated-fraction", t.saturation().maxSaturatedFraction())),
                new Entry("update-ratio", List.of(UpdateRatioRule.RULE), List.of(Severity.INFO, Severity.WARNING),
                        "‖ΔW‖/‖W‖ far below or above the healthy ~1e-3",
                        keys("update-ratio", "min", t.updateRatio().min(), "max", t.updateRatio().max(),
                                "early-epochs", t.updateRatio().earlyEpochs())),
                new Entry("init-mismatch", List.of(ActivationInitMismatchRule.RULE), List.of(Severity.WARNING),
                        "the run config gives layers an initial variance their activation does not suit",
                        keys("init-mismatch", "max-variance-ratio", t.initMismatch().maxVarianceRatio(),
                                "far-variance-ratio", t.initMismatch().farVarianceRatio())),
                new Entry("overfitting", List.of(OverfittingRule.RULE), List.of(Severity.INFO),
                        "validation loss rising while training loss falls: not an initialization problem",
                        keys("overfitting", "rising-epochs", t.overfitting().risingEpochs(), "min-validation-rise",
                                t.overfitting().minValidationRise())));
    }

    /** Every alert {@code rule} string the engine can raise. */
    public static List<String> alertRules() {
        return describe(RuleThresholds.defaults()).stream().flatMap(e -> e.alertRules().stream()).toList();
    }

    private static Map<String, Number> keys(String group, Object... namesAndValues) {
        Map<String, Number> keys = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            keys.put("initwatch.rules." + group + "." + namesAndValues[i], (Number) namesAndValues[i + 1]);
        }
        return keys;
    }
}
