package io.initwatch.trainer.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import io.initwatch.events.Activation;
import io.initwatch.events.LayerStat;
import io.initwatch.events.StatsPhase;
import io.initwatch.trainer.CapturingSink;
import io.initwatch.trainer.run.Limits;
import io.initwatch.trainer.run.RunRequest;
import io.initwatch.trainer.run.RunRequestValidator;
import io.initwatch.trainer.training.BuiltModel;
import io.initwatch.trainer.training.MlpFactory;
import io.initwatch.trainer.training.RunPlan;
import io.initwatch.trainer.training.data.Dataset;
import io.initwatch.trainer.training.data.DatasetFactory;

/** The numbers telemetry computes in Java from flat copies agree with ND4J's own, layer by layer. */
class TelemetryListenerTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void preflightNumbersMatchNd4j() {
        RunPlan plan = new RunRequestValidator(new Limits(100, 1024, 20000, 1000, 5_000_000, 10, 10_000_000))
                .validate(new RunRequest(null, null, "blobs", 100, 0.1, 4, null, null, 0.0, 3, 12, "tanh",
                        "xavier-uniform", null, null, null, null, null, 1, 5L));
        Dataset data = DatasetFactory.load(plan.dataset());
        BuiltModel model = MlpFactory.build(plan, data.inputSize(), data.outputSize(), data.task());
        MultiLayerNetwork net = model.network();
        DataSet probe = (DataSet) data.train().getRange(0, 40);
        CapturingSink sink = new CapturingSink();

        new TelemetryListener("r", null, model.layers(), probe, 1, sink).preflight(net);

        net.setInput(probe.getFeatures());
        net.setLabels(probe.getLabels());
        net.computeGradientAndScore();
        List<LayerStat> stats = sink.phase(StatsPhase.PREFLIGHT).get(0).layers();
        assertEquals(4, stats.size());
        for (int i = 0; i < 4; i++) {
            var w = net.getLayer(i).getParam("W");
            LayerStat s = stats.get(i);
            assertEquals(w.norm2Number().doubleValue(), s.weightNorm(), TOLERANCE, "weight norm " + i);
            assertEquals(w.meanNumber().doubleValue(), s.weightMean(), TOLERANCE, "weight mean " + i);
            assertEquals(net.gradient().getGradientFor(i + "_W").norm2Number().doubleValue(), s.gradientNorm(),
                    TOLERANCE, "gradient norm " + i);
            assertEquals(net.gradient().getGradientFor(i + "_b").norm2Number().doubleValue(), s.biasGradientNorm(),
                    TOLERANCE, "bias gradient norm " + i);
        }
        var hidden = net.feedForward(probe.getFeatures(), false).get(2);
        assertEquals(hidden.meanNumber().doubleValue(), stats.get(1).activationMean(), TOLERANCE);
        assertEquals(hidden.mean(0).stdNumber().doubleValue(), stats.get(1).unitSpread(), 0.05 * stats.get(1).unitSpread());
    }

    @Test
    void saturationFollowsTheContract() {
        float[][] tanh = { { 0.995f, -0.999f, 0.5f, 0f } };
        ActivationStats t = ActivationProbe.of(tanh, Activation.TANH);
        assertEquals(0.5, t.saturatedFraction());
        assertEquals(0.25, t.zeroFraction());
        float[][] sigmoid = { { 0.005f, 0.995f, 0.5f, 0.02f } };
        assertEquals(0.5, ActivationProbe.of(sigmoid, Activation.SIGMOID).saturatedFraction());
        assertEquals(0.0, ActivationProbe.of(tanh, Activation.RELU).saturatedFraction());
    }
}
