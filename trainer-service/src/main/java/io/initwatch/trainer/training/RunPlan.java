package io.initwatch.trainer.training;

import java.util.List;

import io.initwatch.events.WeightInit;

/**
 * A run's configuration after validation: everything the trainer needs, nothing left to default.
 *
 * @param outputInit initialization of the output layer (the run's {@code weightInit})
 */
public record RunPlan(String name, DatasetSpec dataset, List<LayerPlan> hidden, WeightInit outputInit,
        Double outputInitScale, String optimizer, double learningRate, int batchSize, int epochs, long seed) {

    public RunPlan {
        hidden = List.copyOf(hidden);
    }
}
