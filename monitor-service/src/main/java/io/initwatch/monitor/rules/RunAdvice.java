package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.initwatch.events.LayerSpec;
import io.initwatch.events.RunConfig;
import io.initwatch.events.WeightInit;

/** The initialization part of a prescription for whole-run symptoms (NaN loss, flat loss, divergence). */
final class RunAdvice {

    private RunAdvice() {
    }

    static String initialization(RunState run, double maxVarianceRatio, String ifMatching) {
        if (run.config().isEmpty()) {
            return "No run config has arrived, so the layers' initialization is unknown: give ReLU-family layers He"
                    + " (σ² = 2/n_in) and tanh/sigmoid layers Glorot (σ² = 2/(n_in+n_out)), never zeros. "
                    + ifMatching;
        }
        RunConfig config = run.config().get();
        List<Integer> symmetric = config.layers().stream()
                .filter(spec -> !LayerFacts.isOutput(config, spec))
                .filter(spec -> WeightInit.parse(spec.weightInit())
                        .map(WeightInit::isSymmetric).orElse(false))
                .map(LayerSpec::index).sorted().toList();
        List<Integer> mismatched = LayerFacts.mismatchedLayers(config, maxVarianceRatio);
        List<Integer> toChange = new ArrayList<>(symmetric);
        toChange.addAll(mismatched);
        if (toChange.isEmpty()) {
            return "The initialization already matches the activations. " + ifMatching;
        }
        Collections.sort(toChange);
        return "Re-initialize to match the activations: " + Prescriptions.forLayers(run, toChange, Map.of()) + ".";
    }

    /** Whether the run config is known and every hidden layer's initialization suits its activation. */
    static boolean initializationMatches(RunState run, double maxVarianceRatio) {
        return run.config().map(config -> config.layers().stream()
                .filter(spec -> !LayerFacts.isOutput(config, spec))
                .noneMatch(spec -> WeightInit.parse(spec.weightInit()).map(WeightInit::isSymmetric).orElse(false))
                && LayerFacts.mismatchedLayers(config, maxVarianceRatio).isEmpty()).orElse(false);
    }

    /** The probable cause of an overflow: the learning rate when the initialization is known to be right. */
    static String overflowCause(RunState run, double maxVarianceRatio) {
        if (initializationMatches(run, maxVarianceRatio)) {
            return "Probable cause: the initialization suits the activations, so a learning rate too high"
                    + run.config().map(c -> " (" + Fmt.num(c.learningRate()) + ")").orElse("")
                    + " or unscaled inputs.";
        }
        return "Probable cause: weights initialized too large for the depth, so activations and gradients"
                + " overflow, or a learning rate too high.";
    }

    static String learningRate(RunState run) {
        return run.config()
                .map(c -> "Lower the learning rate (now " + Fmt.num(c.learningRate()) + ", try "
                        + Fmt.num(c.learningRate() / 10) + ") and check that inputs are scaled.")
                .orElse("Lower the learning rate by 10× and check that inputs are scaled.");
    }
}
