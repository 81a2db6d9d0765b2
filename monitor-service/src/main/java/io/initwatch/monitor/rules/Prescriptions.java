package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.initwatch.events.Activation;
import io.initwatch.events.LayerPrescription;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.Prescription;
import io.initwatch.events.RunChange;
import io.initwatch.events.WeightInit;

/**
 * The initialization each layer should have, with its numbers, computed from {@link WeightInit} so the
 * formulas have one source. Uses the run config's n_in/n_out; without a config it says what is known.
 *
 * <p>Each prescription is computed once, as the contract's {@link LayerPrescription}, and the recommendation text
 * is written from that object, so what a person reads and what a program applies cannot disagree.
 */
public final class Prescriptions {

    private Prescriptions() {
    }

    /** A recommendation's text and the machine-readable prescription it was written from. */
    public record Fix(String text, Prescription prescription) {

        /** The same prescription, with words before the text ("Stop this run. "). */
        public Fix prefixed(String words) {
            return new Fix(words + text, prescription);
        }

        /** The same prescription, with words after the text. */
        public Fix then(String words) {
            return new Fix(text + words, prescription);
        }
    }

    /**
     * The prescription for these layers, with the text of one clause per group of consecutive layers that need
     * the same change, e.g. "layers 1–29 (relu, n_in = 32, now lecun-normal σ² = 1/32 = 0.0313): use He, σ² =
     * 2/32 = 0.0625 (σ = 0.25), or He uniform U(±0.433)".
     *
     * @param statActivations activation names from the layer statistics, used when no config arrived
     */
    public static Fix forLayers(RunState run, List<Integer> layers, Map<Integer, String> statActivations,
            RuleThresholds.InitMismatch t) {
        Map<String, List<Integer>> byAdvice = new LinkedHashMap<>();
        List<LayerPrescription> prescribed = new ArrayList<>();
        for (int index : layers) {
            Optional<LayerSpec> spec = run.layerSpec(index);
            LayerPrescription p = spec.map(s -> fromSpec(s, t))
                    .orElseGet(() -> withoutConfig(index, statActivations.get(index)));
            prescribed.add(p);
            String advice = spec.map(s -> textFromSpec(s, p)).orElseGet(() -> textWithoutConfig(p));
            byAdvice.computeIfAbsent(advice, a -> new ArrayList<>()).add(index);
        }
        List<String> clauses = new ArrayList<>();
        byAdvice.forEach((advice, group) -> clauses.add(Fmt.layers(group) + " " + advice));
        return new Fix(String.join("; ", clauses), new Prescription(prescribed, null));
    }

    /** A run-level change (not the initializers) with the text written from it. */
    static Fix forRun(RunChange change, String text) {
        return new Fix(text, new Prescription(List.of(), change));
    }

    /** The recommended scheme for an activation name, if the name is known. */
    public static Optional<WeightInit> recommended(String activation) {
        return Activation.parse(activation).map(WeightInit::recommendedFor);
    }

    /** "σ² = 2/32 = 0.0625" for the scheme on this layer. */
    public static String varianceFormula(WeightInit init, int nIn, int nOut, Double scale) {
        double variance = init == WeightInit.CUSTOM_NORMAL && scale == null ? Double.NaN
                : init.variance(nIn, nOut, scale);
        return varianceFormula(init, nIn, nOut, scale, variance);
    }

    private static String varianceFormula(WeightInit init, int nIn, int nOut, Double scale, double variance) {
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
        if (init.isSymmetric() || formula.equals(Fmt.num(variance))) {
            return "σ² = " + formula;
        }
        return "σ² = " + formula + " = " + Fmt.num(variance);
    }

    /** The one place a layer's prescription is decided when the config describes the layer. */
    private static LayerPrescription fromSpec(LayerSpec spec, RuleThresholds.InitMismatch t) {
        Optional<Activation> activation = Activation.parse(spec.activation());
        String activationName = activation.map(Activation::wireName).orElse(spec.activation());
        if (activation.isEmpty()) {
            return new LayerPrescription(spec.index(), activationName, spec.nIn(), spec.nOut(), spec.weightInit(),
                    null, null, null, null, false);
        }
        boolean symmetric = WeightInit.parse(spec.weightInit()).map(WeightInit::isSymmetric).orElse(false);
        // never prescribe the variance a layer already has
        boolean keep = !symmetric && LayerFacts.varianceRatio(spec) <= t.maxVarianceRatio();
        WeightInit target = keep ? WeightInit.parse(spec.weightInit()).orElseThrow()
                : WeightInit.recommendedFor(activation.get());
        if (keep) {
            return new LayerPrescription(spec.index(), activationName, spec.nIn(), spec.nOut(), spec.weightInit(),
                    target.wireName(), variance(target, spec), null, null, true);
        }
        WeightInit uniform = uniformTwin(target);
        return new LayerPrescription(spec.index(), activationName, spec.nIn(), spec.nOut(), spec.weightInit(),
                target.wireName(), target.variance(spec.nIn(), spec.nOut(), null), uniform.wireName(),
                uniform.uniformLimit(spec.nIn(), spec.nOut()), false);
    }

    private static Double variance(WeightInit init, LayerSpec spec) {
        return init == WeightInit.CUSTOM_NORMAL && spec.initScale() == null ? null
                : init.variance(spec.nIn(), spec.nOut(), spec.initScale());
    }

    private static LayerPrescription withoutConfig(int index, String activationName) {
        Optional<Activation> activation = Activation.parse(activationName);
        if (activation.isEmpty()) {
            return new LayerPrescription(index, activationName, null, null, null, null, null, null, null, false);
        }
        WeightInit target = WeightInit.recommendedFor(activation.get());
        return new LayerPrescription(index, activation.get().wireName(), null, null, null, target.wireName(), null,
                uniformTwin(target).wireName(), null, false);
    }

    private static String textFromSpec(LayerSpec spec, LayerPrescription p) {
        String now = WeightInit.parse(spec.weightInit())
                .map(init -> "now " + init.wireName() + " " + varianceFormula(init, spec.nIn(), spec.nOut(),
                        spec.initScale()))
                .orElse("now " + spec.weightInit());
        String head = "(" + p.activation() + ", n_in = " + spec.nIn() + ", n_out = " + spec.nOut() + ", " + now + "): ";
        if (p.weightInit() == null) {
            return head + "initwatch does not know this activation;"
                    + " use He, " + varianceFormula(WeightInit.HE_NORMAL, spec.nIn(), spec.nOut(), null)
                    + ", if it is ReLU-like, else Glorot, "
                    + varianceFormula(WeightInit.XAVIER_NORMAL, spec.nIn(), spec.nOut(), null);
        }
        if (p.keep()) {
            return head + "already suits " + p.activation() + "; keep it";
        }
        WeightInit target = WeightInit.parse(p.weightInit()).orElseThrow();
        return head + "use " + schemeName(target) + ", "
                + varianceFormula(target, p.nIn(), p.nOut(), null, p.variance())
                + " (σ = " + Fmt.num(Math.sqrt(p.variance())) + "), or " + schemeName(target) + " uniform U(±"
                + Fmt.num(p.uniformLimit()) + ")";
    }

    private static String textWithoutConfig(LayerPrescription p) {
        if (p.weightInit() == null) {
            return "(activation " + (p.activation() == null ? "unknown" : p.activation())
                    + ", no run config received): use He, σ² = 2/n_in, for ReLU-like layers, Glorot, σ² = 2/(n_in+n_out),"
                    + " for tanh/sigmoid";
        }
        WeightInit target = WeightInit.parse(p.weightInit()).orElseThrow();
        String formula = target == WeightInit.HE_NORMAL ? "σ² = 2/n_in" : "σ² = 2/(n_in+n_out)";
        return "(" + p.activation() + "; no run config received, so n_in is unknown): use "
                + schemeName(target) + ", " + formula;
    }

    /** The uniform scheme with the same variance as a recommended normal one. */
    private static WeightInit uniformTwin(WeightInit target) {
        return target == WeightInit.HE_NORMAL ? WeightInit.HE_UNIFORM : WeightInit.XAVIER_UNIFORM;
    }

    public static String schemeName(WeightInit init) {
        return switch (init) {
            case HE_NORMAL, HE_UNIFORM -> "He";
            case XAVIER_NORMAL, XAVIER_UNIFORM -> "Glorot (Xavier)";
            default -> init.wireName();
        };
    }
}
