package io.initwatch.trainer.training;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import io.initwatch.events.WeightInit;

/**
 * A DL4J initializer that draws weights with exactly the variance {@link WeightInit#variance} states, so the
 * formula the monitor prescribes with is the formula the trainer samples with.
 */
public final class ContractWeightInit implements IWeightInit {

    private static final long serialVersionUID = 1L;

    private final WeightInit scheme;
    private final Double scale;

    public ContractWeightInit(@JsonProperty("scheme") WeightInit scheme, @JsonProperty("scale") Double scale) {
        this.scheme = scheme;
        this.scale = scale;
    }

    // DL4J writes layer configs (with their initializer) as JSON when a model is saved; these make it readable.
    public WeightInit getScheme() {
        return scheme;
    }

    public Double getScale() {
        return scale;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        int nIn = (int) fanIn;
        int nOut = (int) fanOut;
        switch (scheme.distribution()) {
            case CONSTANT -> paramView.assign(constantValue());
            case NORMAL -> Nd4j.randn(paramView).muli(Math.sqrt(scheme.variance(nIn, nOut, scale)));
            case UNIFORM -> {
                double limit = scheme.uniformLimit(nIn, nOut);
                Nd4j.rand(paramView).muli(2 * limit).subi(limit);
            }
        }
        return paramView.reshape(order, shape);
    }

    private double constantValue() {
        return switch (scheme) {
            case ZEROS -> 0.0;
            case ONES -> 1.0;
            case CONSTANT -> {
                if (scale == null) {
                    throw new IllegalArgumentException("constant needs initScale (the value)");
                }
                yield scale;
            }
            default -> throw new IllegalStateException(scheme + " is not constant");
        };
    }

    @Override
    public String toString() {
        return scale == null ? scheme.wireName() : scheme.wireName() + "(" + scale + ")";
    }
}
