package io.initwatch.events;

import java.util.List;
import java.util.Map;

/**
 * Everything about a run that a rule or a person needs to judge its initialization.
 *
 * @param runId           unique run id
 * @param experimentId    groups comparable runs; may be null
 * @param experimentName  the experiment's human name, e.g. "deep tanh, 30 layers", shown as text where a person
 *                        picks an experiment; may be null (then the id is shown)
 * @param runName         a human name, shown as text (never as HTML); may be null
 * @param dataset         dataset name, e.g. {@code spirals}, {@code iris}, {@code csv:my.csv}
 * @param inputSize       features per example
 * @param outputSize      classes (classification) or targets (regression)
 * @param layers          every layer with weights, input side first, the output layer last
 * @param optimizer       e.g. {@code sgd}, {@code adam}
 * @param learningRate    the optimizer's learning rate
 * @param batchSize       examples per iteration
 * @param epochs          epochs planned
 * @param seed            random seed of the weights and the data split
 * @param lossFunction    e.g. {@code mcxent} (cross-entropy), {@code mse}
 * @param framework       who trained it, e.g. {@code deeplearning4j 1.0.0-M2.1}; may be null
 * @param tags            free-form labels; may be empty
 * @param onAlert         when the monitor should stop the run: {@code critical}, {@code warning} or {@code never}
 *                        ({@link StopPolicy}); null means {@link StopPolicy#DEFAULT}
 * @param repairOf        set on a repair run: the run it repairs and that run's diagnosis; null otherwise
 */
public record RunConfig(
        String runId,
        String experimentId,
        String experimentName,
        String runName,
        String dataset,
        int inputSize,
        int outputSize,
        List<LayerSpec> layers,
        String optimizer,
        double learningRate,
        int batchSize,
        int epochs,
        long seed,
        String lossFunction,
        String framework,
        Map<String, String> tags,
        String onAlert,
        RepairOf repairOf) {

    public RunConfig {
        layers = layers == null ? List.of() : List.copyOf(layers);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A run without a stop policy or repair link: both came later (still schema version 1). */
    public RunConfig(String runId, String experimentId, String experimentName, String runName, String dataset,
            int inputSize, int outputSize, List<LayerSpec> layers, String optimizer, double learningRate, int batchSize,
            int epochs, long seed, String lossFunction, String framework, Map<String, String> tags) {
        this(runId, experimentId, experimentName, runName, dataset, inputSize, outputSize, layers, optimizer,
                learningRate, batchSize, epochs, seed, lossFunction, framework, tags, null, null);
    }

    /** The run's stop policy; a name initwatch does not know is read as the default, never as "never". */
    public StopPolicy stopPolicy() {
        return StopPolicy.parse(onAlert).orElse(StopPolicy.DEFAULT);
    }

    /** A run without an experiment name: experimentName came later (still schema version 1), most runs have none. */
    public RunConfig(String runId, String experimentId, String runName, String dataset, int inputSize,
            int outputSize, List<LayerSpec> layers, String optimizer, double learningRate, int batchSize, int epochs,
            long seed, String lossFunction, String framework, Map<String, String> tags) {
        this(runId, experimentId, null, runName, dataset, inputSize, outputSize, layers, optimizer, learningRate,
                batchSize, epochs, seed, lossFunction, framework, tags);
    }
}
