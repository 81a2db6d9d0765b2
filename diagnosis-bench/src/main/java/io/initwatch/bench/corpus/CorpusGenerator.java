package io.initwatch.bench.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.initwatch.events.Activation;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.EventJson;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.WeightInit;
import io.initwatch.trainer.telemetry.TelemetrySink;
import io.initwatch.trainer.training.DatasetSpec;
import io.initwatch.trainer.training.LayerPlan;
import io.initwatch.trainer.training.RunPlan;
import io.initwatch.trainer.training.Trainer;
import io.initwatch.trainer.training.TrainingSettings;
import io.initwatch.trainer.training.data.Dataset;
import io.initwatch.trainer.training.data.DatasetFactory;
import io.initwatch.trainer.training.data.Task;

/**
 * Trains every case of the corpus with the trainer's own loop and telemetry (the product's default sampling) and
 * records what it published. Resumable: a case whose recording exists is skipped, and a recording is renamed into
 * place only when whole, so an interrupted run loses at most the runs in flight.
 *
 * <pre>diagnosis-bench/bench.sh generate [--out DIR] [--workers N] [--smoke]</pre>
 */
public final class CorpusGenerator {

    /** The trainer's defaults (initwatch.trainer.telemetry.*, max-non-finite-epochs): the product as shipped. */
    static final TrainingSettings PRODUCT_SETTINGS = new TrainingSettings(20, 32, 3, true);
    public static final long GRID_SEED = 20261129L;

    public static void main(String[] args) throws Exception {
        Path out = Path.of("diagnosis-bench/corpus");
        int workers = 1;
        boolean smoke = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--smoke" -> smoke = true;
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: generate [--out DIR] [--workers N] [--smoke]");
                    System.exit(2);
                }
            }
        }
        List<CorpusCase> cases = CorpusGrid.cases(GRID_SEED, smoke ? CorpusGrid.smoke() : CorpusGrid.full());
        int trained = generate(cases, out, workers, true);
        System.out.printf(Locale.ROOT, "corpus: %d cases in %s, %d trained now%n", cases.size(), out, trained);
        System.exit(0);
    }

    /** Trains the cases that have no recording yet under {@code out/runs}; returns how many it trained. */
    public static int generate(List<CorpusCase> cases, Path out, int workers, boolean progress) throws Exception {
        Path runs = out.resolve("runs");
        Files.createDirectories(runs);
        writeIndex(cases, out);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        List<CorpusCase> todo = cases.stream().filter(c -> !Files.exists(Recording.file(runs, c.id()))).toList();
        if (progress) {
            System.out.printf(Locale.ROOT, "corpus: %d cases, %d already recorded, %d to train with %d worker(s)%n",
                    cases.size(), cases.size() - todo.size(), todo.size(), workers);
        }
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (CorpusCase c : todo) {
                futures.add(pool.submit(() -> {
                    Nd4j.getEnvironment().setMaxThreads(1);
                    long t0 = System.nanoTime();
                    Recording recording = train(c);
                    recording.write(runs);
                    int n = done.incrementAndGet();
                    if (progress) {
                        double elapsed = (System.nanoTime() - started) / 1e9;
                        double eta = elapsed / n * (todo.size() - n);
                        System.out.printf(Locale.ROOT, "[%4d/%4d] %-60s %5.1f s  %s  (eta %.0f min)%n", n,
                                todo.size(), c.id(), (System.nanoTime() - t0) / 1e9, summary(recording), eta / 60);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return todo.size();
    }

    private static void writeIndex(List<CorpusCase> cases, Path out) throws IOException {
        ObjectMapper json = EventJson.mapper();
        StringBuilder lines = new StringBuilder();
        for (CorpusCase c : cases) {
            lines.append(json.writeValueAsString(c)).append('\n');
        }
        Files.writeString(out.resolve("cases.jsonl"), lines);
    }

    /** Trains one case exactly as the trainer service would and keeps every message it published. */
    public static Recording train(CorpusCase c) {
        DatasetSpec spec = new DatasetSpec(c.dataset(), c.samples(), c.noise(), null, null, -1, c.validationFraction(),
                c.seed(), 0);
        Dataset data = transformed(DatasetFactory.load(spec), c);
        List<LayerPlan> hidden = c.hidden().stream().map(l -> new LayerPlan(l.width(),
                Activation.parse(l.activation()).orElseThrow(), WeightInit.parse(l.init()).orElseThrow(), l.scale()))
                .toList();
        boolean uniform = c.hidden().stream().allMatch(l -> l.init().equals(c.outputInit()));
        RunPlan plan = new RunPlan(c.id(), spec, hidden, WeightInit.parse(c.outputInit()).orElseThrow(),
                uniform ? c.hidden().get(0).scale() : null, c.optimizer(), c.learningRate(), c.batchSize(), c.epochs(),
                c.seed(), null);
        Recorder recorder = new Recorder();
        new Trainer(PRODUCT_SETTINGS).train(c.id(), "corpus-" + c.group(), plan, data, recorder, () -> false);
        return new Recording(c, chanceLoss(data), recorder.events);
    }

    /** Unscaled inputs or targets for the data-scaling controls; the data as generated otherwise. */
    private static Dataset transformed(Dataset data, CorpusCase c) {
        if (c.inputScale() == 1 && c.inputOffset() == 0 && c.targetScale() == 1) {
            return data;
        }
        return new Dataset(data.name(), data.task(), data.inputSize(), data.outputSize(), scaled(data.train(), c),
                data.validation() == null ? null : scaled(data.validation(), c));
    }

    private static DataSet scaled(DataSet d, CorpusCase c) {
        INDArray features = d.getFeatures().mul(c.inputScale()).addi(c.inputOffset());
        INDArray labels = c.targetScale() == 1 ? d.getLabels() : d.getLabels().mul(c.targetScale());
        return new DataSet(features, labels);
    }

    /** Entropy of the training labels (cross-entropy of predicting the priors), or the targets' variance (MSE). */
    static double chanceLoss(Dataset data) {
        INDArray labels = data.train().getLabels().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        if (data.task() == Task.CLASSIFICATION) {
            double[] priors = labels.mean(0).toDoubleVector();
            double entropy = 0;
            for (double p : priors) {
                entropy -= p > 0 ? p * Math.log(p) : 0;
            }
            return entropy;
        }
        double[] variances = labels.var(false, 0).toDoubleVector();
        double sum = 0;
        for (double v : variances) {
            sum += v;
        }
        return sum / variances.length;
    }

    private static String summary(Recording r) {
        List<EpochMetrics> m = r.metrics();
        String end = r.runEvents().isEmpty() ? "?" : r.runEvents().get(r.runEvents().size() - 1).type().toString();
        double last = m.isEmpty() ? Double.NaN : m.get(m.size() - 1).trainLoss();
        return String.format(Locale.ROOT, "%-9s loss %.4g (chance %.4g)", end, last, r.chanceLoss());
    }

    /** Keeps every message in publication order. */
    private static final class Recorder implements TelemetrySink {
        final List<Object> events = new ArrayList<>();

        @Override
        public void runEvent(RunEvent event) {
            events.add(event);
        }

        @Override
        public void epochMetrics(EpochMetrics metrics) {
            events.add(metrics);
        }

        @Override
        public void layerStats(LayerStats stats) {
            events.add(stats);
        }
    }
}
