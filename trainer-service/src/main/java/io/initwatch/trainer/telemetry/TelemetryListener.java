package io.initwatch.trainer.telemetry;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import io.initwatch.events.Activation;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.StatsPhase;

/**
 * Turns DL4J's training callbacks into {@link LayerStats} events.
 *
 * <p>Measuring costs a weight copy and a probe forward pass, so only sampled iterations are measured: every
 * {@code everyIterations}-th update, plus the last update of each epoch, which becomes the epoch summary.
 * Gradient norms are read in {@link #onGradientCalculation} because DL4J's updater overwrites the gradient
 * with the update in place afterwards.
 */
public final class TelemetryListener extends BaseTrainingListener {

    private final String runId;
    private final String experimentId;
    private final List<LayerSpec> layers;
    private final List<Activation> activations;
    private final DataSet probe;
    private final int everyIterations;
    private final TelemetrySink sink;

    private long completedIterations;
    private int completedEpochs;
    private boolean measuring;
    private boolean publishIteration;
    private boolean lastOfEpoch;
    private ParamLayout layout;
    private Double[][] gradientNorms;
    private float[] before;
    private List<LayerStat> epochSummary;

    public TelemetryListener(String runId, String experimentId, List<LayerSpec> layers, DataSet probe,
            int everyIterations, TelemetrySink sink) {
        this.runId = runId;
        this.experimentId = experimentId;
        this.layers = List.copyOf(layers);
        this.activations = layers.stream()
                .map(l -> Activation.parse(l.activation()).orElse(Activation.IDENTITY))
                .toList();
        this.probe = probe;
        this.everyIterations = everyIterations;
        this.sink = sink;
    }

    /**
     * Publishes the pre-flight snapshot: a forward and backward pass on the probe batch with the initial weights,
     * before any update, so a bad initialization is visible before training time is spent.
     */
    public void preflight(MultiLayerNetwork network) {
        layout = ParamLayout.of(network, layers.size());
        network.setInput(probe.getFeatures());
        network.setLabels(probe.getLabels());
        network.computeGradientAndScore();
        Double[][] norms = GradientNormProbe.measure(layout.copy(network.gradient().gradient()), layout, layers.size());
        network.clear();
        List<LayerStat> stats = layerStats(network, layout.copy(network.params()), norms, null);
        sink.layerStats(new LayerStats(LayerStats.SCHEMA_VERSION, runId, experimentId, StatsPhase.PREFLIGHT, 0, 0,
                stats, System.currentTimeMillis()));
    }

    /** Called by the training loop before each update, so the listener knows whether to measure it. */
    public void beforeIteration(long completedIterations, int completedEpochs, boolean lastOfEpoch) {
        this.completedIterations = completedIterations;
        this.completedEpochs = completedEpochs;
        this.lastOfEpoch = lastOfEpoch;
        this.publishIteration = (completedIterations + 1) % everyIterations == 0;
        this.measuring = publishIteration || lastOfEpoch;
        this.gradientNorms = null;
        this.before = null;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (measuring) {
            ParamLayout layout = layout((MultiLayerNetwork) model);
            gradientNorms = GradientNormProbe.measure(layout.copy(model.gradient().gradient()), layout, layers.size());
            before = layout.copy(model.params());
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!measuring) {
            return;
        }
        MultiLayerNetwork network = (MultiLayerNetwork) model;
        float[] after = layout(network).copy(network.params());
        Double[] ratios = before == null ? null : WeightProbe.updateRatios(before, after, layout, layers.size());
        List<LayerStat> stats = layerStats(network, after, gradientNorms, ratios);
        if (publishIteration) {
            sink.layerStats(new LayerStats(LayerStats.SCHEMA_VERSION, runId, experimentId, StatsPhase.ITERATION,
                    completedEpochs, completedIterations + 1, stats, System.currentTimeMillis()));
        }
        if (lastOfEpoch) {
            epochSummary = stats;
        }
        measuring = false;
    }

    /** Publishes the epoch summary: the measurements of the epoch's last update. */
    public void epochEnd(int completedEpochs, long completedIterations) {
        if (epochSummary != null) {
            sink.layerStats(new LayerStats(LayerStats.SCHEMA_VERSION, runId, experimentId, StatsPhase.EPOCH,
                    completedEpochs, completedIterations, epochSummary, System.currentTimeMillis()));
            epochSummary = null;
        }
    }

    private ParamLayout layout(MultiLayerNetwork network) {
        if (layout == null) {
            layout = ParamLayout.of(network, layers.size());
        }
        return layout;
    }

    private List<LayerStat> layerStats(MultiLayerNetwork network, float[] params, Double[][] norms, Double[] ratios) {
        INDArray probeFeatures = probe.getFeatures();
        List<ActivationStats> acts = ActivationProbe.measure(network, probeFeatures, activations);
        double[][] weights = WeightProbe.measure(params, layout(network), layers.size());
        List<LayerStat> stats = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            ActivationStats a = acts.get(i);
            stats.add(new LayerStat(i, spec.name(), spec.activation(),
                    norms == null ? null : norms[i][0],
                    norms == null ? null : norms[i][1],
                    weights[i][0], weights[i][1], weights[i][2],
                    ratios == null ? null : ratios[i],
                    a.mean(), a.std(), a.zeroFraction(), a.saturatedFraction(), a.unitSpread()));
        }
        return stats;
    }
}
