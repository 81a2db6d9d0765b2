package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.initwatch.events.Activation;
import io.initwatch.events.Cause;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.RunConfig;
import io.initwatch.events.RunChange;
import io.initwatch.events.WeightInit;

/**
 * The probable-cause sentence and the fix of an alert, from the one cause {@link Causes} names for the run. An
 * initialization cause prescribes, per layer, the initializer the config shows is wrong; any other cause says the
 * initialization already suits the activations and names the real lever, so no alert ever prescribes the variance
 * a layer already has.
 */
final class RunAdvice {

    private RunAdvice() {
    }

    /** "Probable cause: …" with the numbers the config and the pre-flight snapshot give. */
    static String probableCause(RunState run, Cause cause, RuleThresholds t) {
        String known = run.config().isPresent() ? "" : " (no run config arrived, so this is judged from the statistics)";
        return "Probable cause" + known + ": " + switch (cause) {
            case SYMMETRY -> "zero or constant initialization, so the units of a layer are identical.";
            case VANISHING -> "weights initialized too small for the depth" + worstLayer(run, t)
                    + ", so the signal and its gradient shrink layer after layer.";
            case EXPLODING -> "weights initialized too large" + worstLayer(run, t)
                    + ", so each layer multiplies the signal and its gradient until they overflow or saturate.";
            case INIT_MISMATCH -> "an initializer meant for another activation family" + worstLayer(run, t)
                    + ": the variance is not preserved, so deep stacks vanish or explode and shallow ones learn slowly.";
            case LEARNING_RATE -> "the initialization suits the activations, so the learning rate"
                    + run.config().map(c -> " (" + Fmt.num(c.learningRate()) + ")").orElse("")
                    + " is too high for this model.";
            case DATA_SCALING -> "the initialization suits the activations, but the first hidden layer's pre-flight"
                    + " activation std is " + Fmt.num(run.preflightFirstLayerActivationStd())
                    + " (limit " + Fmt.num(t.varianceNotPreserved().maxFirstLayerStd()) + "): the inputs are not scaled.";
            case TRAINING_SETUP -> "the initialization suits the activations, so the lever is elsewhere in the"
                    + " training setup" + (saturatingDepth(run) > 2
                            ? ": " + saturatingDepth(run) + " stacked tanh/sigmoid layers shrink the gradient by their"
                                    + " derivative (at most 1, at most 0.25 for sigmoid) at every layer whatever the"
                                    + " initializer."
                            : ": the learning rate may be too low, or there are too few updates.");
            case OVERFITTING -> "the model fits noise in the training data.";
        };
    }

    /**
     * The concrete change for that cause, as text and as the contract's machine-readable prescription, the text
     * written from the prescription's numbers.
     */
    static Prescriptions.Fix fix(RunState run, Cause cause, List<Integer> symptomLayers,
            Map<Integer, String> activations, RuleThresholds t) {
        if (cause.isInitialization()) {
            List<Integer> wrong = run.config().map(c -> wronglyInitialized(c, t)).orElse(List.of());
            if (!wrong.isEmpty()) {
                return Prescriptions.forLayers(run, wrong, Map.of(), t.initMismatch()).prefixed("Re-initialize: ")
                        .then(".");
            }
            return Prescriptions.forLayers(run, symptomLayers, activations, t.initMismatch()).then(".");
        }
        String matches = run.config().isPresent() ? "The initialization already suits the activations; " : "";
        Double rate = run.config().map(c -> c.learningRate()).orElse(null);
        Prescriptions.Fix fix = switch (cause) {
            case LEARNING_RATE -> learningRateDown(run);
            case DATA_SCALING -> Prescriptions.forRun(new RunChange(RunChange.STANDARDIZE_INPUTS, null, null, null),
                    "standardize the inputs (zero mean, unit variance per feature; the targets too for regression).");
            case TRAINING_SETUP -> saturatingDepth(run) > 2
                    ? Prescriptions.forRun(new RunChange(RunChange.FEWER_SATURATING_LAYERS, null, null, null),
                            "use fewer saturating layers, ReLU-family activations with He (σ² = 2/n_in), or"
                                    + " normalization (batch or layer norm) between layers.")
                    : raise(rate == null ? new RunChange(RunChange.RAISE_LEARNING_RATE, "learningRate", null, null)
                            : new RunChange(RunChange.RAISE_LEARNING_RATE, "learningRate", rate, rate * 3));
            case OVERFITTING -> new Prescriptions.Fix(
                    "stop at the epoch with the best validation loss, add data or regularization.", null);
            default -> throw new IllegalStateException(cause.toString());
        };
        return fix.prefixed(matches);
    }

    private static Prescriptions.Fix raise(RunChange change) {
        return Prescriptions.forRun(change, "raise the learning rate"
                + (change.current() == null ? " (try 3×)"
                        : " (now " + Fmt.num(change.current()) + ", try " + Fmt.num(change.suggested()) + ")")
                + " or train with more updates (smaller batches, more epochs).");
    }

    static Prescriptions.Fix learningRateDown(RunState run) {
        RunChange change = run.config()
                .map(c -> new RunChange(RunChange.LOWER_LEARNING_RATE, "learningRate", c.learningRate(),
                        c.learningRate() / 10))
                .orElse(new RunChange(RunChange.LOWER_LEARNING_RATE, "learningRate", null, null));
        return Prescriptions.forRun(change, change.current() == null
                ? "lower the learning rate by 10× and check that inputs are scaled."
                : "lower the learning rate (now " + Fmt.num(change.current()) + ", try "
                        + Fmt.num(change.suggested()) + ") and check that inputs are scaled.");
    }

    /** Hidden layers with a symmetric initializer or a variance beyond the mismatch limit, by index. */
    static List<Integer> wronglyInitialized(RunConfig config, RuleThresholds t) {
        List<Integer> layers = new ArrayList<>();
        for (LayerSpec spec : LayerFacts.hidden(config)) {
            boolean symmetric = WeightInit.parse(spec.weightInit()).map(WeightInit::isSymmetric).orElse(false);
            if (symmetric || LayerFacts.varianceRatio(spec) > t.initMismatch().maxVarianceRatio()) {
                layers.add(spec.index());
            }
        }
        Collections.sort(layers);
        return layers;
    }

    /** ", up to 392× too large in layers 3–9" from the config, or nothing when it did not arrive. */
    private static String worstLayer(RunState run, RuleThresholds t) {
        if (run.config().isEmpty()) {
            return "";
        }
        double worst = 1;
        for (LayerSpec spec : LayerFacts.hidden(run.config().get())) {
            double ratio = LayerFacts.signedVarianceRatio(spec);
            if (!Double.isNaN(ratio)
                    && Math.abs(Math.log(ratio)) > Math.abs(Math.log(worst))) {
                worst = ratio;
            }
        }
        List<Integer> layers = wronglyInitialized(run.config().get(), t);
        if (worst == 1 || layers.isEmpty()) {
            return "";
        }
        String factor = worst > 1 ? Fmt.num(worst) + "× too large" : Fmt.num(1 / worst) + "× too small";
        return " (the config gives " + Fmt.layers(layers) + " a variance up to " + factor + " for their activation)";
    }

    /** Hidden layers with a saturating activation (tanh, sigmoid, softsign). */
    static int saturatingDepth(RunState run) {
        return run.config().map(c -> (int) LayerFacts.hidden(c).stream()
                .filter(spec -> Activation.parse(spec.activation()).map(a -> a.family() == Activation.Family.SATURATING)
                        .orElse(false))
                .count()).orElse(0);
    }
}
