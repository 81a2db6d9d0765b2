package io.initwatch.events;

import java.util.List;

/**
 * An alert's prescription, machine-readable: what the recommendation text says to change, with the same numbers,
 * so a program (the trainer's repair, a sweep scheduler) can apply it without parsing English.
 *
 * @param layers per layer, the initializer to use (or to keep); empty when the cause is not the initialization
 * @param run    the run-level change when the cause is not the initializer (e.g. the learning rate); may be null
 */
public record Prescription(List<LayerPrescription> layers, RunChange run) {

    public Prescription {
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** The layers whose initializer should change, without those the prescription says to keep. */
    public List<LayerPrescription> changes() {
        return layers.stream().filter(l -> !l.keep() && l.weightInit() != null).toList();
    }
}
