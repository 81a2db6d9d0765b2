package io.initwatch.events;

/**
 * One layer with weights, as configured before training.
 *
 * @param index      0 for the layer next to the input, counting up to the output layer
 * @param name       e.g. {@code dense-3}, {@code output}
 * @param type       {@code dense}, {@code conv2d}, {@code output}
 * @param activation an {@link Activation} name, e.g. {@code relu}, {@code tanh}
 * @param weightInit a {@link WeightInit} name, e.g. {@code he-normal}; other frameworks may send names
 *                   outside that list, which readers must tolerate
 * @param initScale  the parameter of {@code constant} (the value) and {@code custom-normal} (σ); else null
 * @param nIn        fan-in: inputs per unit (for conv: channels × kernel area)
 * @param nOut       fan-out: units (for conv: output channels)
 */
public record LayerSpec(
        int index,
        String name,
        String type,
        String activation,
        String weightInit,
        Double initScale,
        int nIn,
        int nOut) {
}
