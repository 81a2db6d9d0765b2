package io.initwatch.events;

/**
 * The initialization one layer should have, from {@link WeightInit} (the one source of the formulas).
 *
 * @param index        matches {@link LayerSpec#index()}
 * @param activation   the layer's activation wire name; may be null when unknown
 * @param nIn          fan-in the numbers were computed for; null when no run config told it
 * @param nOut         fan-out; null when no run config told it
 * @param currentInit  the initializer the layer has now (wire name); null when no run config told it
 * @param weightInit   the initializer to use (wire name, the normal variant); null when the activation is unknown
 *                     to initwatch, so no single scheme can be named
 * @param variance     Var(W) the prescribed initializer gives this layer; null without n_in
 * @param uniformInit  the uniform variant with the same variance (wire name); null when weightInit is
 * @param uniformLimit a of U(±a) for uniformInit; null without n_in
 * @param keep         true when the layer's initializer already suits its activation: keep it
 */
public record LayerPrescription(
        int index,
        String activation,
        Integer nIn,
        Integer nOut,
        String currentInit,
        String weightInit,
        Double variance,
        String uniformInit,
        Double uniformLimit,
        boolean keep) {
}
