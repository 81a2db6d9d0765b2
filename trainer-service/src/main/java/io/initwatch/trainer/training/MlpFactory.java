package io.initwatch.trainer.training;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.initwatch.events.Activation;
import io.initwatch.events.LayerSpec;
import io.initwatch.trainer.training.data.Task;

/** Builds the multilayer perceptron a {@link RunPlan} describes, with every layer initialized as planned. */
public final class MlpFactory {

    private MlpFactory() {
    }

    public static BuiltModel build(RunPlan plan, int inputSize, int outputSize, Task task) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(plan.seed())
                .dataType(DataType.FLOAT)
                .updater(Optimizers.of(plan.optimizer(), plan.learningRate()))
                .list();
        List<LayerSpec> specs = new ArrayList<>();
        int nIn = inputSize;
        int index = 0;
        for (LayerPlan layer : plan.hidden()) {
            list.layer(index, new DenseLayer.Builder()
                    .nIn(nIn).nOut(layer.width())
                    .activation(Activations.toDl4j(layer.activation()))
                    .weightInit(WeightInitializers.of(layer.weightInit(), layer.initScale()))
                    .build());
            specs.add(new LayerSpec(index, "dense-" + index, "dense", layer.activation().wireName(),
                    layer.weightInit().wireName(), scaleFor(layer.weightInit(), layer.initScale()), nIn, layer.width()));
            nIn = layer.width();
            index++;
        }
        boolean classification = task == Task.CLASSIFICATION;
        Activation outputActivation = classification ? Activation.SOFTMAX : Activation.IDENTITY;
        LossFunctions.LossFunction loss = classification ? LossFunctions.LossFunction.MCXENT
                : LossFunctions.LossFunction.MSE;
        list.layer(index, new OutputLayer.Builder(loss)
                .nIn(nIn).nOut(outputSize)
                .activation(Activations.toDl4j(outputActivation))
                .weightInit(WeightInitializers.of(plan.outputInit(), plan.outputInitScale()))
                .build());
        specs.add(new LayerSpec(index, "output", "output", outputActivation.wireName(), plan.outputInit().wireName(),
                scaleFor(plan.outputInit(), plan.outputInitScale()), nIn, outputSize));
        MultiLayerNetwork network = new MultiLayerNetwork(list.build());
        network.init();
        return new BuiltModel(network, specs, classification ? "mcxent" : "mse");
    }

    private static Double scaleFor(io.initwatch.events.WeightInit init, Double scale) {
        return WeightInitializers.needsScale(init) ? scale : null;
    }
}
