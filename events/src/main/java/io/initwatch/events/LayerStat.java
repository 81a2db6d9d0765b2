package io.initwatch.events;

/**
 * One layer's health numbers. Any of them may be non-finite; a number a producer cannot measure is null.
 *
 * @param index             matches {@link LayerSpec#index()}
 * @param name              matches {@link LayerSpec#name()}
 * @param activation        the layer's activation name, so a reader needs no run config to judge it
 * @param gradientNorm      L2 norm of the loss gradient w.r.t. this layer's weights
 * @param biasGradientNorm  L2 norm of the gradient w.r.t. its biases; null if it has none
 * @param weightNorm        L2 norm of the weights
 * @param weightMean        mean weight
 * @param weightStd         standard deviation of the weights
 * @param updateRatio       ‖ΔW‖ / ‖W‖ of the last update; null before the first update; healthy near 1e-3
 * @param activationMean    mean activation on the probe batch
 * @param activationStd     standard deviation of the activations on the probe batch
 * @param zeroFraction      fraction of activations exactly 0 (dead ReLUs)
 * @param saturatedFraction fraction saturated: |tanh| &gt; 0.99, sigmoid outside [0.01, 0.99]; 0 for others
 * @param unitSpread        standard deviation across units of each unit's mean activation on the probe
 *                          batch; 0 means the units are indistinguishable (symmetry)
 */
public record LayerStat(
        int index,
        String name,
        String activation,
        Double gradientNorm,
        Double biasGradientNorm,
        Double weightNorm,
        Double weightMean,
        Double weightStd,
        Double updateRatio,
        Double activationMean,
        Double activationStd,
        Double zeroFraction,
        Double saturatedFraction,
        Double unitSpread) {
}
