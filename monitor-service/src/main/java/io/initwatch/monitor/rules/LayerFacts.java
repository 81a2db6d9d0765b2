package io.initwatch.monitor.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.initwatch.events.Activation;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunConfig;
import io.initwatch.events.WeightInit;

/** Small questions rules ask about layers. */
final class LayerFacts {

    private LayerFacts() {
    }

    static boolean finite(Double value) {
        return value != null && Double.isFinite(value);
    }

    static int lastIndex(LayerStats stats) {
        int last = Integer.MIN_VALUE;
        for (LayerStat layer : stats.layers()) {
            last = Math.max(last, layer.index());
        }
        return last;
    }

    /**
     * The hidden layers of a config: all but the output layer (the highest index, or a layer typed "output"), whose
     * scale and symmetry matter little because its units get different targets. One pass, so that rules stay linear
     * in the number of layers.
     */
    static List<LayerSpec> hidden(RunConfig config) {
        int last = Integer.MIN_VALUE;
        for (LayerSpec spec : config.layers()) {
            last = Math.max(last, spec.index());
        }
        List<LayerSpec> hidden = new java.util.ArrayList<>(config.layers().size());
        for (LayerSpec spec : config.layers()) {
            if (spec.index() != last && !"output".equalsIgnoreCase(spec.type())) {
                hidden.add(spec);
            }
        }
        return hidden;
    }

    /** Activation names repeat on every snapshot of every run: parse each distinct name once. */
    private static final Map<String, Optional<Activation.Family>> FAMILIES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_NAMES = 1024;

    static Activation.Family family(String activation) {
        if (activation == null) {
            return null;
        }
        Optional<Activation.Family> family = FAMILIES.get(activation);
        if (family == null) {
            family = Activation.parse(activation).map(Activation::family);
            // names come from producers: bound the cache against a stream of made-up ones
            if (FAMILIES.size() < MAX_CACHED_NAMES) {
                FAMILIES.put(activation, family);
            }
        }
        return family.orElse(null);
    }

    /** All weights equal: symmetric, reported by the symmetry rule rather than the rules that look at scale. */
    static boolean hasIdenticalWeights(LayerStat layer, RuleThresholds.SymmetricWeights symmetry) {
        return layer.weightStd() != null && layer.weightStd() <= symmetry.maxWeightStd();
    }

    static Map<Integer, String> activations(LayerStats stats) {
        Map<Integer, String> byIndex = new HashMap<>();
        for (LayerStat layer : stats.layers()) {
            byIndex.put(layer.index(), layer.activation());
        }
        return byIndex;
    }

    /**
     * Hidden layers whose initial variance is more than {@code maxVarianceRatio} away from what their activation
     * needs. Layers with an unknown activation or initializer name are left out: nothing sure can be said.
     */
    static List<Integer> mismatchedLayers(RunConfig config, double maxVarianceRatio) {
        return hidden(config).stream()
                .filter(spec -> varianceRatio(spec) > maxVarianceRatio)
                .map(LayerSpec::index)
                .sorted()
                .toList();
    }

    /** How far the layer's initial variance is from the recommended one, as a factor ≥ 1 (NaN if unknown). */
    static double varianceRatio(LayerSpec spec) {
        double ratio = signedVarianceRatio(spec);
        return Double.isNaN(ratio) ? ratio : Math.max(ratio, 1 / ratio);
    }

    /** The layer's initial variance over the recommended one (NaN if unknown, +∞ for a zero variance's inverse). */
    static double signedVarianceRatio(LayerSpec spec) {
        var activation = Activation.parse(spec.activation());
        var init = WeightInit.parse(spec.weightInit());
        if (activation.isEmpty() || init.isEmpty() || init.get().isSymmetric()
                || (init.get() == WeightInit.CUSTOM_NORMAL && spec.initScale() == null)) {
            return Double.NaN;
        }
        double actual = init.get().variance(spec.nIn(), spec.nOut(), spec.initScale());
        double wanted = WeightInit.recommendedFor(activation.get()).variance(spec.nIn(), spec.nOut(), null);
        return actual / wanted;
    }
}
