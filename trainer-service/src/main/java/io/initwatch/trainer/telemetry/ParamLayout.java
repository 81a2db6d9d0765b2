package io.initwatch.trainer.telemetry;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where each layer's weights and biases sit in DL4J's one flattened parameter vector (the flattened gradient
 * vector has the same layout). Telemetry copies the whole vector into Java once per measurement and reads
 * layers by offset: one native call instead of several per layer, which is what keeps telemetry cheap.
 */
final class ParamLayout {

    private final int[] weightStart;
    private final int[] weightLength;
    private final int[] biasStart;
    private final int[] biasLength;
    private final long total;

    private ParamLayout(int layers, long total) {
        this.weightStart = new int[layers];
        this.weightLength = new int[layers];
        this.biasStart = new int[layers];
        this.biasLength = new int[layers];
        this.total = total;
    }

    static ParamLayout of(MultiLayerNetwork network, int layers) {
        INDArray flat = network.params();
        ParamLayout layout = new ParamLayout(layers, flat.length());
        for (int i = 0; i < layers; i++) {
            INDArray w = network.getLayer(i).getParam("W");
            layout.weightStart[i] = offsetIn(flat, w, i, "W");
            layout.weightLength[i] = (int) w.length();
            INDArray b = network.getLayer(i).paramTable().get("b");
            if (b != null) {
                layout.biasStart[i] = offsetIn(flat, b, i, "b");
                layout.biasLength[i] = (int) b.length();
            }
        }
        return layout;
    }

    private static int offsetIn(INDArray flat, INDArray view, int layer, String param) {
        long start = view.offset() - flat.offset();
        if (view.data().address() != flat.data().address() || start < 0 || start + view.length() > flat.length()) {
            throw new IllegalStateException("parameter " + layer + "_" + param
                    + " is not a view of the network's flattened parameters");
        }
        return (int) start;
    }

    /** The flattened vector (parameters or gradients) as floats. */
    float[] copy(INDArray flat) {
        if (flat.length() != total) {
            throw new IllegalStateException("expected " + total + " values, got " + flat.length());
        }
        if (flat.offset() == 0 && flat.data().length() == total) {
            return flat.data().asFloat();
        }
        return flat.dup().data().asFloat();
    }

    int weightStart(int layer) {
        return weightStart[layer];
    }

    int weightLength(int layer) {
        return weightLength[layer];
    }

    boolean hasBias(int layer) {
        return biasLength[layer] > 0;
    }

    int biasStart(int layer) {
        return biasStart[layer];
    }

    int biasLength(int layer) {
        return biasLength[layer];
    }
}
