package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.initwatch.events.Activation;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.WeightInit;

/**
 * The initialization each layer should have, with its numbers, computed from {@link WeightInit} so the
 * formulas have one source. Uses the run config's n_in/n_out; without a config it says what is known.
 */
public final class Prescriptions {

    private Prescriptions() {
    }

    /**
     * One clause per group of consecutive layers that need the same change, e.g. "layers 1–29 (relu, n_in =
     * 32, now lecun-normal σ² = 1/32 = 0.0313): use He, σ² = 2/32 = 0.0625 (σ = 0.25), or He uniform
     * U(±0.433)".
     *
     * @param statActivations activation names from the layer statistics, used when no config arrived
     */
    public static String forLayers(RunState run, List<Integer> layers, Map<Integer, String> statActivations,
            RuleThresholds.InitMismatch t) {
        Map<String, List<Integer>> byAdvice = new LinkedHashMap<>();
        for (int index : layers) {
            String advice = run.layerSpec(index)
                    .map(spec -> adviceFromSpec(spec, t))
                    .orElseGet(() -> adviceWithoutConfig(statActivations.get(index)));
            byAdvice.computeIfAbsent(advice, a -> new ArrayList<>()).add(index);
        }
        List<String> clauses = new ArrayList<>();
        byAdvice.forEach((advice, group) -> clauses.add(Fmt.layers(group) + " " + advice));
        return String.join("; ", clauses);
    }

    /** The recommended scheme for an activation name, if the name is known. */
    public static Optional<WeightInit> recommended(String activation) {
        return Activation.parse(activation).map(WeightInit::recommendedFor);
    }

    /** "σ² = 2/32 = 0.0625" for the scheme on this layer. */
    public static String varianceFormula(WeightInit init, int nIn, int nOut, Double scale) {
        String formula = switch (init) {
            case HE_NORMAL, HE_UNIFORM -> "2/" + nIn;
            case XAVIER_NORMAL, XAVIER_UNIFORM -> "2/(" + nIn + "+" + nOut + ")";
            case XAVIER_CAFFE, LECUN_NORMAL, LECUN_UNIFORM -> "1/" + nIn;
            case UNIFORM -> "1/(3·" + nIn + ")";
            case SMALL_NORMAL -> "0.01²";
            case STANDARD_NORMAL -> "1";
            case CUSTOM_NORMAL -> Fmt.num(scale == null ? Double.NaN : scale) + "²";
            case ZEROS, ONES, CONSTANT -> "0 (every weight equal)";
        };
        double variance = init == WeightInit.CUSTOM_NORMAL && scale == null ? Double.NaN
                : init.variance(nIn, nOut, scale);
        if (init.isSymmetric() || formula.equals(Fmt.num(variance))) {
            return "σ² = " + formula;
        }
        return "σ² = " + formula + " = " + Fmt.num(variance);
    }

    private static String adviceFromSpec(LayerSpec spec, RuleThresholds.InitMismatch t) {
        Optional<Activation> activation = Activation.parse(spec.activation());
        String now = WeightInit.parse(spec.weightInit())
                .map(init -> "now " + init.wireName() + " " + varianceFormula(init, spec.nIn(), spec.nOut(),
                        spec.initScale()))
                .orElse("now " + spec.weightInit());
        String shape = "n_in = " + spec.nIn() + ", n_out = " + spec.nOut();
        if (activation.isEmpty()) {
            return "(" + spec.activation() + ", " + shape + ", " + now + "): initwatch does not know this activation;"
                    + " use He, " + varianceFormula(WeightInit.HE_NORMAL, spec.nIn(), spec.nOut(), null)
                    + ", if it is ReLU-like, else Glorot, "
                    + varianceFormula(WeightInit.XAVIER_NORMAL, spec.nIn(), spec.nOut(), null);
        }
        WeightInit target = WeightInit.recommendedFor(activation.get());
        boolean symmetric = WeightInit.parse(spec.weightInit()).map(WeightInit::isSymmetric).orElse(false);
        // never prescribe the variance a layer already has
        if (!symmetric && LayerFacts.varianceRatio(spec) <= t.maxVarianceRatio()) {
            return "(" + activation.get().wireName() + ", " + shape + ", " + now + "): already suits "
                    + activation.get().wireName() + "; keep it";
        }
        return "(" + activation.get().wireName() + ", " + shape + ", " + now + "): " + use(target, spec.nIn(), spec.nOut());
    }

    private static String use(WeightInit target, int nIn, int nOut) {
        double variance = target.variance(nIn, nOut, null);
        WeightInit uniform = target == WeightInit.HE_NORMAL ? WeightInit.HE_UNIFORM : WeightInit.XAVIER_UNIFORM;
        return "use " + schemeName(target) + ", " + varianceFormula(target, nIn, nOut, null)
                + " (σ = " + Fmt.num(Math.sqrt(variance)) + "), or " + schemeName(target) + " uniform U(±"
                + Fmt.num(uniform.uniformLimit(nIn, nOut)) + ")";
    }

    private static String adviceWithoutConfig(String activationName) {
        Optional<Activation> activation = Activation.parse(activationName);
        if (activation.isEmpty()) {
            return "(activation " + (activationName == null ? "unknown" : activationName)
                    + ", no run config received): use He, σ² = 2/n_in, for ReLU-like layers, Glorot, σ² = 2/(n_in+n_out),"
                    + " for tanh/sigmoid";
        }
        WeightInit target = WeightInit.recommendedFor(activation.get());
        String formula = target == WeightInit.HE_NORMAL ? "σ² = 2/n_in" : "σ² = 2/(n_in+n_out)";
        return "(" + activation.get().wireName() + "; no run config received, so n_in is unknown): use "
                + schemeName(target) + ", " + formula;
    }

    public static String schemeName(WeightInit init) {
        return switch (init) {
            case HE_NORMAL, HE_UNIFORM -> "He";
            case XAVIER_NORMAL, XAVIER_UNIFORM -> "Glorot (Xavier)";
            default -> init.wireName();
        };
    }
}
