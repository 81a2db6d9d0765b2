package io.initwatch.trainer.training;

import java.util.List;

import io.initwatch.events.RepairOf;
import io.initwatch.events.StopPolicy;
import io.initwatch.events.WeightInit;

/**
 * A run's configuration after validation: everything the trainer needs, nothing left to default.
 *
 * @param outputInit     initialization of the output layer (the run's {@code weightInit})
 * @param experimentName the experiment's name as POST /api/experiments was given it; null for a lone run
 * @param onAlert        when the monitor should stop the run (travels in RunConfig.onAlert); null leaves it to the
 *                       service's default
 * @param repairOf       set on a repair run: the run it repairs and that run's diagnosis; null otherwise
 */
public record RunPlan(String name, DatasetSpec dataset, List<LayerPlan> hidden, WeightInit outputInit,
        Double outputInitScale, String optimizer, double learningRate, int batchSize, int epochs, long seed,
        String experimentName, StopPolicy onAlert, RepairOf repairOf) {

    public RunPlan {
        hidden = List.copyOf(hidden);
    }

    /** A plan without a stop policy or repair link. */
    public RunPlan(String name, DatasetSpec dataset, List<LayerPlan> hidden, WeightInit outputInit,
            Double outputInitScale, String optimizer, double learningRate, int batchSize, int epochs, long seed,
            String experimentName) {
        this(name, dataset, hidden, outputInit, outputInitScale, optimizer, learningRate, batchSize, epochs, seed,
                experimentName, null, null);
    }

    /** The same plan as one run of the named experiment. */
    public RunPlan inExperiment(String experimentName) {
        return new RunPlan(name, dataset, hidden, outputInit, outputInitScale, optimizer, learningRate, batchSize,
                epochs, seed, experimentName, onAlert, repairOf);
    }

    /** The same plan with this stop policy. */
    public RunPlan withOnAlert(StopPolicy policy) {
        return new RunPlan(name, dataset, hidden, outputInit, outputInitScale, optimizer, learningRate, batchSize,
                epochs, seed, experimentName, policy, repairOf);
    }

    /** The same plan as the repair of another run. */
    public RunPlan repairing(RepairOf original) {
        return new RunPlan(name, dataset, hidden, outputInit, outputInitScale, optimizer, learningRate, batchSize,
                epochs, seed, experimentName, onAlert, original);
    }
}
