package io.initwatch.trainer.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.initwatch.events.Activation;
import io.initwatch.events.StopPolicy;
import io.initwatch.events.WeightInit;
import io.initwatch.trainer.training.DatasetSpec;
import io.initwatch.trainer.training.LayerPlan;
import io.initwatch.trainer.training.Optimizers;
import io.initwatch.trainer.training.RunPlan;
import io.initwatch.trainer.training.WeightInitializers;
import io.initwatch.trainer.training.data.CsvLimits;
import io.initwatch.trainer.training.data.DataDirectory;
import io.initwatch.trainer.training.data.Dataset;
import io.initwatch.trainer.training.data.DatasetFactory;
import io.initwatch.trainer.training.data.InvalidDatasetException;

/**
 * Fills in a {@link RunRequest}'s defaults and refuses what cannot be trained, naming every problem at once so a
 * user fixes their config in one go. A CSV dataset is read here too, so a missing file or a bad cell is a 400
 * at submission rather than a failed run later; its {@code csvPath} must name a file inside the data directory
 * ({@link DataDirectory}), and the plan keeps that file's real path.
 */
public final class RunRequestValidator {

    public static final String DEFAULT_DATASET = "spirals";
    public static final int DEFAULT_SAMPLES = 600;
    public static final double DEFAULT_NOISE = 0.1;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
    public static final double MAX_VALIDATION_FRACTION = 0.9;
    public static final int DEFAULT_HIDDEN_LAYERS = 30;
    public static final int DEFAULT_WIDTH = 32;
    public static final String DEFAULT_ACTIVATION = "relu";
    public static final String DEFAULT_WEIGHT_INIT = "he-normal";
    public static final String DEFAULT_OPTIMIZER = "sgd";
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_EPOCHS = 20;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_LABEL_COLUMN = -1;
    private static final int MAX_NAME_LENGTH = 200;

    private final Limits limits;
    private final DataDirectory dataDirectory;

    /** A validator without a data directory: every {@code csv} dataset is refused. */
    public RunRequestValidator(Limits limits) {
        this(limits, null);
    }

    /** @param dataDirectory the only folder {@code csvPath} may name files in, or null for none */
    public RunRequestValidator(Limits limits, Path dataDirectory) {
        this.limits = limits;
        this.dataDirectory = dataDirectory == null ? null : new DataDirectory(dataDirectory);
    }

    public RunPlan validate(RunRequest r) {
        if (r == null) {
            throw new InvalidRunRequestException("request body is missing: send a JSON run config");
        }
        List<String> errors = new ArrayList<>();
        String datasetName = or(r.dataset(), DEFAULT_DATASET).toLowerCase(Locale.ROOT);
        if (!DatasetFactory.NAMES.contains(datasetName)) {
            errors.add("unknown dataset '" + r.dataset() + "'; use one of " + DatasetFactory.NAMES);
        }
        int samples = or(r.samples(), DEFAULT_SAMPLES);
        range(errors, "samples", samples, 4, limits.maxSamples());
        double noise = or(r.noise(), DEFAULT_NOISE);
        if (!(noise >= 0 && noise <= 10)) {
            errors.add("noise must be between 0 and 10, got " + noise);
        }
        double validationFraction = or(r.validationFraction(), DEFAULT_VALIDATION_FRACTION);
        if (!(validationFraction >= 0 && validationFraction <= MAX_VALIDATION_FRACTION)) {
            errors.add("validationFraction must be between 0 and " + MAX_VALIDATION_FRACTION + ", got "
                    + validationFraction);
        }
        if (r.classes() != null) {
            range(errors, "classes", r.classes(), 2, limits.maxWidth());
        }
        Path csvFile = null;
        if (datasetName.equals("csv")) {
            if (r.csvPath() == null || r.csvPath().isBlank()) {
                errors.add("dataset csv needs csvPath (a file in the trainer's data directory, "
                        + "initwatch.trainer.data-dir, e.g. as answered by POST /api/datasets)");
            } else if (dataDirectory == null) {
                errors.add("dataset csv is not available here: no data directory is configured");
            } else {
                try {
                    csvFile = dataDirectory.locate(r.csvPath());
                } catch (InvalidDatasetException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        if (r.name() != null && r.name().length() > MAX_NAME_LENGTH) {
            errors.add("name is longer than " + MAX_NAME_LENGTH + " characters");
        }

        int width = or(r.width(), DEFAULT_WIDTH);
        Activation activation = activation(errors, "activation", or(r.activation(), DEFAULT_ACTIVATION));
        WeightInit init = weightInit(errors, "weightInit", or(r.weightInit(), DEFAULT_WEIGHT_INIT));
        scale(errors, "initScale", init, r.initScale());
        List<LayerPlan> hidden = new ArrayList<>();
        if (r.layers() != null) {
            if (r.layers().isEmpty()) {
                errors.add("layers is empty: a network needs at least 1 hidden layer");
            } else if (r.layers().size() > limits.maxHiddenLayers()) {
                errors.add("layers has " + r.layers().size() + " entries; at most " + limits.maxHiddenLayers()
                        + " hidden layers are allowed");
            }
            for (int i = 0; i < r.layers().size(); i++) {
                LayerRequest l = r.layers().get(i);
                if (l == null) {
                    errors.add("layers[" + i + "] is null");
                    continue;
                }
                String where = "layers[" + i + "].";
                int w = or(l.width(), width);
                range(errors, where + "width", w, 1, limits.maxWidth());
                Activation a = l.activation() == null ? activation : activation(errors, where + "activation", l.activation());
                WeightInit wi = l.weightInit() == null ? init : weightInit(errors, where + "weightInit", l.weightInit());
                Double s = l.initScale() != null ? l.initScale() : r.initScale();
                scale(errors, where + "initScale", wi, s);
                hidden.add(new LayerPlan(w, a, wi, s));
            }
        } else {
            int depth = or(r.hiddenLayers(), DEFAULT_HIDDEN_LAYERS);
            range(errors, "hiddenLayers", depth, 1, limits.maxHiddenLayers());
            range(errors, "width", width, 1, limits.maxWidth());
            for (int i = 0; i < Math.max(0, Math.min(depth, limits.maxHiddenLayers())); i++) {
                hidden.add(new LayerPlan(width, activation, init, r.initScale()));
            }
        }
        String optimizer = or(r.optimizer(), DEFAULT_OPTIMIZER).toLowerCase(Locale.ROOT);
        if (!Optimizers.isKnown(optimizer)) {
            errors.add("unknown optimizer '" + r.optimizer() + "'; use one of " + Optimizers.NAMES);
        }
        double learningRate = or(r.learningRate(), DEFAULT_LEARNING_RATE);
        if (!(learningRate > 0 && learningRate <= limits.maxLearningRate())) {
            errors.add("learningRate must be > 0 and <= " + limits.maxLearningRate() + ", got " + learningRate);
        }
        int batchSize = or(r.batchSize(), DEFAULT_BATCH_SIZE);
        range(errors, "batchSize", batchSize, 1, limits.maxSamples());
        int epochs = or(r.epochs(), DEFAULT_EPOCHS);
        range(errors, "epochs", epochs, 1, limits.maxEpochs());
        long seed = or(r.seed(), DEFAULT_SEED);
        StopPolicy policy = null;
        if (r.onAlert() != null) {
            policy = StopPolicy.parse(r.onAlert()).orElse(null);
            if (policy == null) {
                errors.add("onAlert must be one of " + Arrays.stream(StopPolicy.values()).map(StopPolicy::wireName)
                        .toList() + ", got '" + clip(r.onAlert()) + "'");
            }
        }

        if (errors.isEmpty()) {
            long parameters = parameterCount(hidden);
            if (parameters > limits.maxParameters()) {
                errors.add("the network would have about " + parameters + " parameters; the limit is "
                        + limits.maxParameters() + " (initwatch.trainer.limits.max-parameters)");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRunRequestException(String.join("; ", errors));
        }
        int labelColumn = or(r.labelColumn(), DEFAULT_LABEL_COLUMN);
        DatasetSpec dataset = new DatasetSpec(datasetName, samples, noise, r.classes(),
                csvFile == null ? null : csvFile.toString(), labelColumn, validationFraction, seed, limits.maxCsvBytes());
        if (csvFile != null) {
            Dataset data;
            try {
                data = DatasetFactory.load(dataset, new CsvLimits(limits.maxCsvBytes(), limits.maxSamples(),
                        limits.maxWidth(), limits.maxWidth()));
            } catch (InvalidDatasetException e) {
                throw new InvalidRunRequestException("bad dataset: " + e.getMessage());
            }
            // The class count found now is kept, so a file that changes before its run cannot grow the output layer.
            dataset = new DatasetSpec(datasetName, samples, noise, data.outputSize(), csvFile.toString(), labelColumn,
                    validationFraction, seed, limits.maxCsvBytes());
        }
        String name = r.name() != null && !r.name().isBlank() ? r.name()
                : datasetName + " " + hidden.size() + "x" + width + " " + activation.wireName() + " " + init.wireName();
        return new RunPlan(name, dataset, hidden, init, r.initScale(), optimizer, learningRate, batchSize, epochs,
                seed, null, policy, null);
    }

    private static long parameterCount(List<LayerPlan> hidden) {
        // Inputs and outputs are small for every built-in dataset; the hidden stack dominates.
        long total = 0;
        int nIn = hidden.isEmpty() ? 0 : hidden.get(0).width();
        for (LayerPlan l : hidden) {
            total += (long) nIn * l.width() + l.width();
            nIn = l.width();
        }
        return total;
    }

    private static Activation activation(List<String> errors, String field, String name) {
        Optional<Activation> a = Activation.parse(name);
        if (a.isEmpty() || a.get() == Activation.SOFTMAX) {
            errors.add("unknown " + field + " '" + name + "'; use one of " + Arrays.stream(Activation.values())
                    .filter(x -> x != Activation.SOFTMAX).map(Activation::wireName).toList());
            return Activation.RELU;
        }
        return a.get();
    }

    private static WeightInit weightInit(List<String> errors, String field, String name) {
        Optional<WeightInit> w = WeightInit.parse(name);
        if (w.isEmpty()) {
            errors.add("unknown " + field + " '" + name + "'; use one of "
                    + Arrays.stream(WeightInit.values()).map(WeightInit::wireName).toList());
            return WeightInit.HE_NORMAL;
        }
        return w.get();
    }

    private static void scale(List<String> errors, String field, WeightInit init, Double scale) {
        if (!WeightInitializers.needsScale(init)) {
            return;
        }
        if (scale == null || !Double.isFinite(scale)) {
            errors.add(init.wireName() + " needs a finite " + field
                    + (init == WeightInit.CONSTANT ? " (the value of every weight)" : " (sigma of N(0, s^2))"));
        } else if (init == WeightInit.CUSTOM_NORMAL && scale <= 0) {
            errors.add(field + " of custom-normal is sigma and must be > 0, got " + scale);
        }
    }

    private static void range(List<String> errors, String field, long value, long min, long max) {
        if (value < min || value > max) {
            errors.add(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** A value from the request, cut short for an error message: the whole of a long string helps nobody. */
    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
