package io.initwatch.trainer.training;

import java.util.List;

import io.initwatch.events.WeightInit;

/**
 * A run's configuration after validation: everything the trainer needs, nothing left to default.
 *
 * @param outputInit     initialization of the output layer (the run's {@code weightInit})
 * @param experimentName the experiment's name as POST /api/experiments was given it; null for a lone run
 */
public record RunPlan(String name, DatasetSpec dataset, List<LayerPlan> hidden, WeightInit outputInit,
        Double outputInitScale, String optimizer, double learningRate, int batchSize, int epochs, long seed,
        String experimentName) {

    public RunPlan {
        hidden = List.copyOf(hidden);
    }

    /** The same plan as one run of the named experiment. */
    public RunPlan inExperiment(String experimentName) {
        return new RunPlan(name, dataset, hidden, outputInit, outputInitScale, optimizer, learningRate, batchSize,
                epochs, seed, experimentName);
    }
}
