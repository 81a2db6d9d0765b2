package io.initwatch.trainer.training;

import org.deeplearning4j.nn.weights.IWeightInit;

import io.initwatch.events.WeightInit;

/** Maps every contract {@link WeightInit} to a DL4J initializer. */
public final class WeightInitializers {

    private WeightInitializers() {
    }

    /** @param scale the value for {@code constant}, σ for {@code custom-normal}; ignored by the others */
    public static IWeightInit of(WeightInit scheme, Double scale) {
        return new ContractWeightInit(scheme, needsScale(scheme) ? scale : null);
    }

    /** Whether the scheme is meaningless without {@code initScale}. */
    public static boolean needsScale(WeightInit scheme) {
        return scheme == WeightInit.CONSTANT || scheme == WeightInit.CUSTOM_NORMAL;
    }
}
