package io.initwatch.trainer.training;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import io.initwatch.events.LayerSpec;

/** An initialized network and the description of its weight layers that goes into the run config. */
public record BuiltModel(MultiLayerNetwork network, List<LayerSpec> layers, String lossFunction) {
}
