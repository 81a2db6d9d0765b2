package io.initwatch.trainer.run;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A run as a client asks for it (REST body or CLI {@code --config} file). Every field is optional; {@link
 * RunRequestValidator} fills in the defaults and says what is wrong.
 */
@Schema(description = "Training run configuration. All fields optional; defaults shown as examples.")
public record RunRequest(
        @Schema(description = "Human name of the run", examples = "deep relu he") String name,
        @Schema(description = "Groups comparable runs; usually set by POST /api/experiments") String experimentId,
        @Schema(description = "spirals, circles, blobs, xor (= checkerboard), regression, iris, csv", examples = "spirals") String dataset,
        @Schema(description = "Examples to generate (synthetic datasets)", examples = "600") Integer samples,
        @Schema(description = "Std of Gaussian jitter (synthetic datasets)", examples = "0.1") Double noise,
        @Schema(description = "blobs: number of blobs; csv: number of classes (default max label + 1)") Integer classes,
        @Schema(description = "csv: path of the file on the trainer's machine") String csvPath,
        @Schema(description = "csv: 0-based label column, negative counts from the end", examples = "-1") Integer labelColumn,
        @Schema(description = "Fraction held out for validation, [0, 0.9]", examples = "0.2") Double validationFraction,
        @Schema(description = "Hidden layers (ignored when layers is given)", examples = "30") Integer hiddenLayers,
        @Schema(description = "Units per hidden layer", examples = "32") Integer width,
        @Schema(description = "relu, leakyrelu, elu, tanh, sigmoid, softsign, identity", examples = "relu") String activation,
        @Schema(description = "zeros, ones, constant, small-normal, standard-normal, uniform, xavier-normal, "
                + "xavier-uniform, xavier-caffe, he-normal, he-uniform, lecun-normal, lecun-uniform, custom-normal",
                examples = "he-normal") String weightInit,
        @Schema(description = "constant: the value; custom-normal: sigma") Double initScale,
        @Schema(description = "Per-layer overrides, input side first; replaces hiddenLayers") List<LayerRequest> layers,
        @Schema(description = "sgd, momentum, adam, rmsprop", examples = "sgd") String optimizer,
        @Schema(examples = "0.01") Double learningRate,
        @Schema(examples = "32") Integer batchSize,
        @Schema(examples = "20") Integer epochs,
        @Schema(examples = "42") Long seed,
        @Schema(description = "When the monitor stops the run on an alert: critical (the service default unless "
                + "configured otherwise), warning or never", examples = "critical") String onAlert,
        @Schema(description = "When the run ends with an alert that prescribes a change, start a repair run with the "
                + "same model, data and seed and the prescription applied", examples = "false") Boolean repair) {

    /** A request without a stop policy or repair wish. */
    public RunRequest(String name, String experimentId, String dataset, Integer samples, Double noise, Integer classes,
            String csvPath, Integer labelColumn, Double validationFraction, Integer hiddenLayers, Integer width,
            String activation, String weightInit, Double initScale, List<LayerRequest> layers, String optimizer,
            Double learningRate, Integer batchSize, Integer epochs, Long seed) {
        this(name, experimentId, dataset, samples, noise, classes, csvPath, labelColumn, validationFraction,
                hiddenLayers, width, activation, weightInit, initScale, layers, optimizer, learningRate, batchSize,
                epochs, seed, null, null);
    }

    /** A copy with another initialization and seed, as an experiment varies them. */
    public RunRequest withInitAndSeed(String name, String experimentId, String weightInit, Long seed) {
        return new RunRequest(name, experimentId, dataset, samples, noise, classes, csvPath, labelColumn,
                validationFraction, hiddenLayers, width, activation, weightInit, initScale, layers, optimizer,
                learningRate, batchSize, epochs, seed, onAlert, repair);
    }

    /** The repair of this run's request: every layer spelled out with its (prescribed) initializer. */
    public RunRequest forRepair(String name, List<LayerRequest> layers, String outputInit, Double outputInitScale,
            Double learningRate) {
        return new RunRequest(name, experimentId, dataset, samples, noise, classes, csvPath, labelColumn,
                validationFraction, null, width, activation, outputInit, outputInitScale, layers, optimizer,
                learningRate, batchSize, epochs, seed, onAlert, false);
    }
}
