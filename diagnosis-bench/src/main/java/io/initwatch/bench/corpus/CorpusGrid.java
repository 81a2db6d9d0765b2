package io.initwatch.bench.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.initwatch.events.Activation;
import io.initwatch.events.WeightInit;

/**
 * The corpus, as a deterministic list of cases: a wide random grid of models under every initializer, per-layer
 * mixes (one badly initialized layer in a good net), AutoTrainer-style random mutations of a few seed models, and
 * controls whose trouble is not the initializer. The same {@code seed} always gives the same list, so a
 * regeneration resumes where it stopped.
 */
public final class CorpusGrid {

    public static final List<String> DATASETS = List.of("spirals", "circles", "blobs", "xor", "regression", "iris");
    public static final List<String> ACTIVATIONS = List.of("relu", "leakyrelu", "elu", "tanh", "sigmoid", "softsign");
    public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adam", "rmsprop");
    private static final int[] DEPTHS = { 2, 3, 4, 6, 8, 12, 16, 20, 30, 40, 50 };
    private static final int[] WIDTHS = { 16, 32, 64, 128, 256 };
    private static final int[] BATCHES = { 8, 16, 32, 64, 128, 256 };
    private static final int SEEDS = 3;
    private static final int SAMPLES = 400;
    private static final double NOISE = 0.1;
    private static final double VALIDATION = 0.2;
    private static final int EPOCHS = 10;
    /** depth × width² above this is slow on 2 cores without telling the rules anything new */
    private static final long MAX_DEPTH_WIDTH2 = 40L * 64 * 64;

    /** The sizes of each family; {@link #smoke()} is a tiny corpus for CI. */
    public record Sizes(int gridModels, int initsPerModel, int mixModels, int mutantsPerSeedModel, int lrControls,
            int scalingControls, int overfitControls, int plateauControls, int seeds) {
    }

    public static Sizes full() {
        return new Sizes(44, 3, 10, 6, 8, 8, 4, 4, SEEDS);
    }

    public static Sizes smoke() {
        return new Sizes(1, 1, 1, 0, 1, 0, 0, 0, 1);
    }

    private final Random random;
    private final Sizes sizes;
    private final Map<String, CorpusCase> cases = new LinkedHashMap<>();

    private CorpusGrid(long seed, Sizes sizes) {
        this.random = new Random(seed);
        this.sizes = sizes;
    }

    public static List<CorpusCase> cases(long seed, Sizes sizes) {
        CorpusGrid grid = new CorpusGrid(seed, sizes);
        grid.grid();
        grid.mixes();
        grid.mutations();
        grid.controls();
        return List.copyOf(grid.cases.values());
    }

    // ---- families -------------------------------------------------------------------------------------------

    private void grid() {
        for (int m = 0; m < sizes.gridModels(); m++) {
            Model model = randomModel("grid-" + m);
            List<String> others = new ArrayList<>();
            for (WeightInit init : WeightInit.values()) {
                if (!init.wireName().equals(textbook(model.activation))) {
                    others.add(init.wireName());
                }
            }
            java.util.Collections.shuffle(others, random);
            addWithReference("grid", model, others.subList(0, sizes.initsPerModel()).stream()
                    .map(init -> uniformLayers(model, init, scaleFor(init))).toList());
        }
    }

    private void mixes() {
        String[] bad = { "zeros", "small-normal", "standard-normal", "custom-normal:10", "custom-normal:0.1" };
        for (int m = 0; m < sizes.mixModels(); m++) {
            Model model = randomModel("mix-" + m);
            if (model.depth < 3) {
                model = model.withDepth(6);
            }
            int layer = random.nextInt(model.depth - 1);
            String choice = bad[m % bad.length];
            List<CorpusCase.Layer> layers = new ArrayList<>(uniformLayers(model, textbook(model.activation), null));
            CorpusCase.Layer old = layers.get(layer);
            int nIn = layer == 0 ? inputSize(model.dataset) : model.width;
            CorpusCase.Layer replaced;
            if (choice.startsWith("custom-normal:")) {
                // σ a factor away from the textbook σ of this very layer
                double factor = Double.parseDouble(choice.substring("custom-normal:".length()));
                double sigma = Math.sqrt(WeightInit.parse(old.init()).orElseThrow().variance(nIn, model.width, null));
                replaced = new CorpusCase.Layer(old.width(), old.activation(), "custom-normal", round(sigma * factor));
            } else {
                replaced = new CorpusCase.Layer(old.width(), old.activation(), choice, null);
            }
            layers.set(layer, replaced);
            addWithReference("mix", model, List.of(layers));
        }
    }

    private void mutations() {
        List<Model> seeds = List.of(
                new Model("seed-demo", "blobs", 30, 32, "relu", "adam", 1e-3, 32, EPOCHS),
                new Model("seed-tanh", "spirals", 6, 64, "tanh", "sgd", 0.1, 16, EPOCHS),
                new Model("seed-sigmoid", "circles", 10, 32, "sigmoid", "momentum", 0.05, 32, EPOCHS),
                new Model("seed-elu", "regression", 8, 64, "elu", "rmsprop", 1e-3, 32, EPOCHS));
        for (Model seedModel : seeds) {
            for (int k = 0; k < sizes.mutantsPerSeedModel(); k++) {
                Model mutant = seedModel.named(seedModel.name + "-m" + k);
                String init = textbook(mutant.activation);
                int operations = 1 + random.nextInt(3);
                for (int op = 0; op < operations; op++) {
                    switch (random.nextInt(7)) {
                        case 0 -> init = WeightInit.values()[random.nextInt(WeightInit.values().length)].wireName();
                        case 1 -> mutant = mutant.withActivation(pick(ACTIVATIONS));
                        case 2 -> mutant = mutant.withDepth(clampDepth(random.nextBoolean() ? mutant.depth * 2 : mutant.depth / 2));
                        case 3 -> mutant = mutant.withWidth(clampWidth(random.nextBoolean() ? mutant.width * 2 : mutant.width / 2));
                        case 4 -> mutant = mutant.withLearningRate(random.nextBoolean() ? mutant.learningRate * 10 : mutant.learningRate / 10);
                        case 5 -> mutant = mutant.withOptimizer(pick(OPTIMIZERS));
                        default -> mutant = mutant.withBatch(Math.max(8, Math.min(256, random.nextBoolean() ? mutant.batch * 4 : mutant.batch / 4)));
                    }
                }
                // a mutation always includes a changed initializer, so that every mutant asks the init question
                if (init.equals(textbook(mutant.activation))) {
                    init = pickOtherInit(mutant.activation);
                }
                mutant = mutant.fitted();
                addWithReference("mutation", mutant, List.of(uniformLayers(mutant, init, scaleFor(init))));
            }
        }
    }

    private void controls() {
        for (int c = 0; c < sizes.lrControls(); c++) {
            // a textbook init under a learning rate far too high for its optimizer
            Model sane = randomModel("ctl-lr-" + c).withDepth(clampDepth(3 + random.nextInt(10))).fitted();
            double tooHigh = switch (sane.optimizer) {
                case "sgd", "momentum" -> 1.0;
                default -> 0.3;
            };
            Model broken = sane.named(sane.name + "-high").withLearningRate(tooHigh);
            addReference(sane, "grid");
            addTextbookControl(broken, "control-lr", "learning-rate", sane.name, 1, 0, 1);
        }
        for (int c = 0; c < sizes.scalingControls(); c++) {
            Model sane = randomModel("ctl-scale-" + c).withDepth(clampDepth(3 + random.nextInt(10))).fitted();
            Model raw = sane.named(sane.name + "-raw");
            addReference(sane, "grid");
            if (sane.dataset.equals("regression") && c % 2 == 0) {
                addTextbookControl(raw, "control-unscaled", "data-scaling", sane.name, 1, 0, 1000);
            } else {
                addTextbookControl(raw, "control-unscaled", "data-scaling", sane.name, 1000, 300, 1);
            }
        }
        for (int c = 0; c < sizes.overfitControls(); c++) {
            // tiny data, a big model, many epochs: good training loss, bad validation loss
            String dataset = List.of("spirals", "circles", "xor", "regression").get(c % 4);
            Model model = new Model("ctl-overfit-" + c, dataset, 3, 256, pick(List.of("relu", "tanh", "elu")),
                    "adam", 3e-3, 8, 80).withSamples(48, 0.4);
            addTextbookControl(model, "control-overfit", "overfitting", model.name, 1, 0, 1);
        }
        for (int c = 0; c < sizes.plateauControls(); c++) {
            // converges early, then plateaus legitimately at the noise floor
            String dataset = List.of("blobs", "circles", "xor", "spirals").get(c % 4);
            Model model = new Model("ctl-plateau-" + c, dataset, 3, 32, pick(List.of("relu", "tanh")), "adam", 1e-2,
                    32, 30).withNoise(dataset.equals("blobs") ? 0.1 : 0.25);
            addTextbookControl(model, "control-plateau", "plateau", model.name, 1, 0, 1);
        }
    }

    // ---- building cases ---------------------------------------------------------------------------------------

    private void addWithReference(String family, Model model, List<List<CorpusCase.Layer>> variants) {
        addReference(model, family);
        for (List<CorpusCase.Layer> layers : variants) {
            for (int s = 0; s < sizes.seeds(); s++) {
                add(model, family, model.name, false, null, layers, s, 1, 0, 1);
            }
        }
    }

    private void addReference(Model model, String family) {
        List<CorpusCase.Layer> layers = uniformLayers(model, textbook(model.activation), null);
        for (int s = 0; s < sizes.seeds(); s++) {
            add(model, family, model.name, true, null, layers, s, 1, 0, 1);
        }
    }

    private void addTextbookControl(Model model, String family, String control, String referenceGroup,
            double inputScale, double inputOffset, double targetScale) {
        List<CorpusCase.Layer> layers = uniformLayers(model, textbook(model.activation), null);
        boolean selfReference = referenceGroup.equals(model.name);
        for (int s = 0; s < sizes.seeds(); s++) {
            add(model, family, referenceGroup, selfReference, control, layers, s, inputScale, inputOffset, targetScale);
        }
    }

    private void add(Model m, String family, String referenceGroup, boolean reference, String control,
            List<CorpusCase.Layer> layers, int seedIndex, double inputScale, double inputOffset, double targetScale) {
        String initName = slug(CorpusCase.describeInits(layers));
        String id = m.name + "--" + initName + "--s" + seedIndex;
        // like the trainer's API, a run-wide initializer applies to the output layer too; a mix keeps Glorot there
        boolean uniform = layers.stream().allMatch(l -> l.init().equals(layers.get(0).init()));
        String outputInit = uniform ? layers.get(0).init() : "xavier-normal";
        cases.putIfAbsent(id, new CorpusCase(id, family, m.name, referenceGroup, reference, control, m.dataset,
                m.samples, m.noise, m.validationFraction, layers, outputInit, m.optimizer, m.learningRate, m.batch,
                m.epochs, 1000L + seedIndex, inputScale, inputOffset, targetScale));
    }

    private List<CorpusCase.Layer> uniformLayers(Model m, String init, Double scale) {
        List<CorpusCase.Layer> layers = new ArrayList<>();
        for (int i = 0; i < m.depth; i++) {
            layers.add(new CorpusCase.Layer(m.width, m.activation, init, scale));
        }
        return layers;
    }

    // ---- sampling ---------------------------------------------------------------------------------------------

    private Model randomModel(String name) {
        String dataset = pick(DATASETS);
        int depth = DEPTHS[random.nextInt(DEPTHS.length)];
        int width = WIDTHS[random.nextInt(WIDTHS.length)];
        String activation = pick(ACTIVATIONS);
        String optimizer = pick(OPTIMIZERS);
        double[] range = switch (optimizer) {
            case "sgd" -> new double[] { 3e-3, 3e-1 };
            case "momentum" -> new double[] { 1e-3, 1e-1 };
            default -> new double[] { 1e-4, 1e-2 };
        };
        double lr = round(Math.exp(Math.log(range[0]) + random.nextDouble() * (Math.log(range[1]) - Math.log(range[0]))));
        int batch = BATCHES[random.nextInt(BATCHES.length)];
        return new Model(name, dataset, depth, width, activation, optimizer, lr, batch, EPOCHS).fitted();
    }

    private String pickOtherInit(String activation) {
        while (true) {
            String init = WeightInit.values()[random.nextInt(WeightInit.values().length)].wireName();
            if (!init.equals(textbook(activation))) {
                return init;
            }
        }
    }

    private Double scaleFor(String init) {
        return switch (init) {
            case "constant" -> 0.1;
            case "custom-normal" -> List.of(0.001, 0.05, 0.5, 2.0).get(random.nextInt(4));
            default -> null;
        };
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** He for the ReLU family, Glorot for saturating activations: what the labels compare against. */
    public static String textbook(String activation) {
        return WeightInit.recommendedFor(Activation.parse(activation).orElseThrow()).wireName();
    }

    static int inputSize(String dataset) {
        return dataset.equals("iris") ? 4 : 2;
    }

    private static int clampDepth(int depth) {
        return Math.max(2, Math.min(50, depth));
    }

    private static int clampWidth(int width) {
        return Math.max(16, Math.min(256, width));
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3g", value));
    }

    private static String slug(String text) {
        return text.replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("-+$", "");
    }

    /** A model and its data, without the initializer and seed. */
    private record Model(String name, String dataset, int depth, int width, String activation, String optimizer,
            double learningRate, int batch, int epochs, int samples, double noise, double validationFraction) {

        Model(String name, String dataset, int depth, int width, String activation, String optimizer,
                double learningRate, int batch, int epochs) {
            this(name, dataset, depth, width, activation, optimizer, learningRate, batch, epochs, SAMPLES, NOISE,
                    VALIDATION);
        }

        Model named(String n) {
            return new Model(n, dataset, depth, width, activation, optimizer, learningRate, batch, epochs, samples,
                    noise, validationFraction);
        }

        Model withDepth(int d) {
            return new Model(name, dataset, d, width, activation, optimizer, learningRate, batch, epochs, samples,
                    noise, validationFraction);
        }

        Model withWidth(int w) {
            return new Model(name, dataset, depth, w, activation, optimizer, learningRate, batch, epochs, samples,
                    noise, validationFraction);
        }

        Model withActivation(String a) {
            return new Model(name, dataset, depth, width, a, optimizer, learningRate, batch, epochs, samples, noise,
                    validationFraction);
        }

        Model withOptimizer(String o) {
            return new Model(name, dataset, depth, width, activation, o, learningRate, batch, epochs, samples, noise,
                    validationFraction);
        }

        Model withLearningRate(double lr) {
            return new Model(name, dataset, depth, width, activation, optimizer, Math.min(1.0, round(lr)), batch,
                    epochs, samples, noise, validationFraction);
        }

        Model withBatch(int b) {
            return new Model(name, dataset, depth, width, activation, optimizer, learningRate, b, epochs, samples,
                    noise, validationFraction);
        }

        Model withSamples(int n, double validation) {
            return new Model(name, dataset, depth, width, activation, optimizer, learningRate, batch, epochs, n,
                    noise, validation);
        }

        Model withNoise(double n) {
            return new Model(name, dataset, depth, width, activation, optimizer, learningRate, batch, epochs, samples,
                    n, validationFraction);
        }

        /** Keeps the run affordable on 2 cores: narrower when deep and wide, bigger batches when very deep. */
        Model fitted() {
            int w = width;
            while ((long) depth * w * w > MAX_DEPTH_WIDTH2 && w > 16) {
                w /= 2;
            }
            int b = depth >= 30 ? Math.max(batch, 32) : batch;
            return new Model(name, dataset, depth, w, activation, optimizer, learningRate, b, epochs, samples, noise,
                    validationFraction);
        }
    }
}
