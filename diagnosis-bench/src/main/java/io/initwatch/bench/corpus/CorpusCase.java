package io.initwatch.bench.corpus;

import java.util.List;

/**
 * One training run of the corpus, fully determined: the generator trains it, the labeler and the scorer read it.
 *
 * @param id             file name of the recording ({@code runs/<id>.jsonl.gz})
 * @param family         how it was made: grid, mix, mutation, control-lr, control-unscaled, control-overfit,
 *                       control-plateau
 * @param group          the model and data without initialization and seed: the unit of the tuning/held-out split
 * @param referenceGroup the group whose textbook-initialized run of the same seed this run is labeled against
 * @param reference      true for the textbook-initialized run of its group (He for the ReLU family, Glorot for
 *                       saturating activations, every layer)
 * @param control        null, or what the control varies that is not the initializer (learning-rate,
 *                       data-scaling, overfitting, plateau)
 * @param inputScale     features multiplied by this after loading (1 = as generated, already scaled)
 * @param inputOffset    and this added (0 = centred)
 * @param targetScale    regression targets multiplied by this
 */
public record CorpusCase(
        String id,
        String family,
        String group,
        String referenceGroup,
        boolean reference,
        String control,
        String dataset,
        int samples,
        double noise,
        double validationFraction,
        List<Layer> hidden,
        String outputInit,
        String optimizer,
        double learningRate,
        int batchSize,
        int epochs,
        long seed,
        double inputScale,
        double inputOffset,
        double targetScale) {

    /** A hidden layer: width, activation and initializer (with its scale where the initializer takes one). */
    public record Layer(int width, String activation, String init, Double scale) {
    }

    public CorpusCase {
        hidden = List.copyOf(hidden);
    }

    public int depth() {
        return hidden.size();
    }

    /** "30×32 relu" or a per-layer description when layers differ. */
    public String shape() {
        Layer first = hidden.get(0);
        boolean uniform = hidden.stream().allMatch(l -> l.width() == first.width()
                && l.activation().equals(first.activation()));
        return uniform ? depth() + "×" + first.width() + " " + first.activation() : depth() + " mixed layers";
    }

    /** "he-normal", or "he-normal, layer 3 zeros" for a per-layer mix. */
    public String initDescription() {
        return describeInits(hidden);
    }

    static String describeInits(List<Layer> hidden) {
        Layer first = hidden.get(0);
        long differing = hidden.stream().filter(l -> !sameInit(l, first)).count();
        if (differing == 0) {
            return describe(first);
        }
        if (differing == 1) {
            for (int i = 0; i < hidden.size(); i++) {
                if (!sameInit(hidden.get(i), first)) {
                    return describe(first) + ", layer " + i + " " + describe(hidden.get(i));
                }
            }
        }
        // one odd first layer: describe it against the rest
        Layer second = hidden.get(1);
        return describe(second) + ", layer 0 " + describe(first);
    }

    private static boolean sameInit(Layer a, Layer b) {
        return a.init().equals(b.init()) && java.util.Objects.equals(a.scale(), b.scale());
    }

    private static String describe(Layer l) {
        return l.scale() == null ? l.init() : l.init() + "(" + l.scale() + ")";
    }
}
