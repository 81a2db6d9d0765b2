package io.initwatch.trainer.telemetry;

/** L2 norms of the loss gradient per layer, from a copy of DL4J's flattened gradient vector. */
final class GradientNormProbe {

    private GradientNormProbe() {
    }

    /** {@code [layer][0]} = weights, {@code [layer][1]} = biases; null where the layer has no biases. */
    static Double[][] measure(float[] gradients, ParamLayout layout, int layers) {
        Double[][] norms = new Double[layers][2];
        for (int i = 0; i < layers; i++) {
            norms[i][0] = Vectors.norm(gradients, layout.weightStart(i), layout.weightLength(i));
            norms[i][1] = layout.hasBias(i) ? Vectors.norm(gradients, layout.biasStart(i), layout.biasLength(i)) : null;
        }
        return norms;
    }
}
