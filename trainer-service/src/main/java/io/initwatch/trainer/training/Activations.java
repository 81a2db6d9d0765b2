package io.initwatch.trainer.training;

import io.initwatch.events.Activation;

/** Contract activation names to DL4J activation functions. */
public final class Activations {

    private Activations() {
    }

    public static org.nd4j.linalg.activations.Activation toDl4j(Activation activation) {
        return switch (activation) {
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case LEAKY_RELU -> org.nd4j.linalg.activations.Activation.LEAKYRELU;
            case ELU -> org.nd4j.linalg.activations.Activation.ELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case SOFTSIGN -> org.nd4j.linalg.activations.Activation.SOFTSIGN;
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
            case SOFTMAX -> org.nd4j.linalg.activations.Activation.SOFTMAX;
        };
    }
}
