package io.initwatch.monitor.config;

import io.initwatch.monitor.rules.RuleThresholds;
import io.smallrye.config.ConfigMapping;

/**
 * {@code initwatch.rules.*}: the thresholds of every rule. Values live in application.properties (each key can
 * be overridden by its environment variable, e.g. {@code INITWATCH_RULES_FLAT_LOSS_MIN_RELATIVE_DROP}).
 */
@ConfigMapping(prefix = "initwatch.rules")
public interface RulesConfig {

    FlatLoss flatLoss();

    Divergence divergence();

    ErraticValidation erraticValidation();

    ExplodingGradients explodingGradients();

    VanishingGradients vanishingGradients();

    VariancePreservation variancePreservation();

    Symmetry symmetry();

    DeadRelu deadRelu();

    Saturation saturation();

    UpdateRatio updateRatio();

    InitMismatch initMismatch();

    Overfitting overfitting();

    interface FlatLoss {
        int windowEpochs();

        double minRelativeDrop();

        double maxProgress();

        double chanceMargin();
    }

    interface Divergence {
        int risingEpochs();

        double minRelativeRise();

        double minStartRelativeRise();

        double maxGrowth();
    }

    interface ErraticValidation {
        int windowEpochs();

        int minDirectionChanges();

        double minRelativeSwing();

        double minStartRelativeSwing();
    }

    interface ExplodingGradients {
        double maxGradientNorm();

        double growthFactor();

        int growthEpochs();

        double minGrownNorm();
    }

    interface VanishingGradients {
        double maxRatioToLastLayer();

        double minGradientNorm();
    }

    interface VariancePreservation {
        int minHiddenLayers();

        double maxDrift();

        double maxFirstLayerStd();
    }

    interface Symmetry {
        double maxWeightStd();

        double maxRelativeUnitSpread();
    }

    interface DeadRelu {
        double maxZeroFraction();
    }

    interface Saturation {
        double maxSaturatedFraction();
    }

    interface UpdateRatio {
        double min();

        double max();

        int earlyEpochs();
    }

    interface InitMismatch {
        double maxVarianceRatio();

        double farVarianceRatio();
    }

    interface Overfitting {
        int risingEpochs();

        double minValidationRise();
    }

    default RuleThresholds toThresholds() {
        return new RuleThresholds(
                new RuleThresholds.FlatLoss(flatLoss().windowEpochs(), flatLoss().minRelativeDrop(),
                        flatLoss().maxProgress(), flatLoss().chanceMargin()),
                new RuleThresholds.Divergence(divergence().risingEpochs(), divergence().minRelativeRise(),
                        divergence().minStartRelativeRise(), divergence().maxGrowth()),
                new RuleThresholds.ErraticValidation(erraticValidation().windowEpochs(),
                        erraticValidation().minDirectionChanges(), erraticValidation().minRelativeSwing(),
                        erraticValidation().minStartRelativeSwing()),
                new RuleThresholds.ExplodingGradients(explodingGradients().maxGradientNorm(),
                        explodingGradients().growthFactor(), explodingGradients().growthEpochs(),
                        explodingGradients().minGrownNorm()),
                new RuleThresholds.VanishingGradients(vanishingGradients().maxRatioToLastLayer(),
                        vanishingGradients().minGradientNorm()),
                new RuleThresholds.VariancePreservation(variancePreservation().minHiddenLayers(),
                        variancePreservation().maxDrift(), variancePreservation().maxFirstLayerStd()),
                new RuleThresholds.Symmetry(symmetry().maxWeightStd(), symmetry().maxRelativeUnitSpread()),
                new RuleThresholds.DeadRelu(deadRelu().maxZeroFraction()),
                new RuleThresholds.Saturation(saturation().maxSaturatedFraction()),
                new RuleThresholds.UpdateRatio(updateRatio().min(), updateRatio().max(),
                        updateRatio().earlyEpochs()),
                new RuleThresholds.InitMismatch(initMismatch().maxVarianceRatio(), initMismatch().farVarianceRatio()),
                new RuleThresholds.Overfitting(overfitting().risingEpochs(), overfitting().minValidationRise()));
    }
}
