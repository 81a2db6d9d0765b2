package io.initwatch.trainer.telemetry;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import io.initwatch.events.Activation;

/**
 * Runs the fixed probe batch forward (inference mode, no weight change) and measures every layer's output:
 * dead ReLUs show as exact zeros, saturated tanh/sigmoid as values pinned at their limits, and symmetric
 * layers (constant init) as units whose means do not differ (unit spread 0).
 */
public final class ActivationProbe {

    /** |a| above this counts as saturated for tanh and softsign (their limits are ±1). */
    public static final double SYMMETRIC_SATURATION = 0.99;
    /** Sigmoid outputs below this or above 1 minus this count as saturated. */
    public static final double SIGMOID_SATURATION_MARGIN = 0.01;

    private ActivationProbe() {
    }

    /** One entry per layer with weights, input side first. */
    public static List<ActivationStats> measure(MultiLayerNetwork network, INDArray probeFeatures,
            List<Activation> activations) {
        List<INDArray> outputs = network.feedForward(probeFeatures, false);
        List<ActivationStats> stats = new ArrayList<>(activations.size());
        for (int layer = 0; layer < activations.size(); layer++) {
            // Index 0 of feedForward is the input itself.
            INDArray out = outputs.get(layer + 1);
            // One copy of the whole matrix: INDArray#toFloatMatrix copies row by row, which costs more than training.
            float[] values = out.dup('c').data().asFloat();
            stats.add(of(values, (int) out.rows(), (int) out.columns(), activations.get(layer)));
        }
        return stats;
    }

    static ActivationStats of(float[][] batchByUnit, Activation activation) {
        int units = batchByUnit[0].length;
        float[] values = new float[batchByUnit.length * units];
        for (int r = 0; r < batchByUnit.length; r++) {
            System.arraycopy(batchByUnit[r], 0, values, r * units, units);
        }
        return of(values, batchByUnit.length, units, activation);
    }

    /** @param rowMajor a batch × units matrix in row-major order */
    static ActivationStats of(float[] rowMajor, int rows, int units, Activation activation) {
        double[] unitSum = new double[units];
        double sum = 0;
        double sumSquares = 0;
        long zeros = 0;
        long saturated = 0;
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                double a = rowMajor[r * units + u];
                unitSum[u] += a;
                sum += a;
                sumSquares += a * a;
                if (a == 0.0) {
                    zeros++;
                }
                if (isSaturated(a, activation)) {
                    saturated++;
                }
            }
        }
        double n = (double) rows * units;
        double mean = sum / n;
        double std = Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
        double unitMeanOfMeans = 0;
        for (int u = 0; u < units; u++) {
            unitSum[u] /= rows;
            unitMeanOfMeans += unitSum[u] / units;
        }
        double spread = 0;
        for (int u = 0; u < units; u++) {
            spread += (unitSum[u] - unitMeanOfMeans) * (unitSum[u] - unitMeanOfMeans) / units;
        }
        return new ActivationStats(mean, std, zeros / n, saturated / n, Math.sqrt(spread));
    }

    private static boolean isSaturated(double a, Activation activation) {
        return switch (activation) {
            case TANH, SOFTSIGN -> Math.abs(a) > SYMMETRIC_SATURATION;
            case SIGMOID -> a < SIGMOID_SATURATION_MARGIN || a > 1 - SIGMOID_SATURATION_MARGIN;
            default -> false;
        };
    }
}
