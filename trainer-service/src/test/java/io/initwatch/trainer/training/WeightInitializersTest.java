package io.initwatch.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.initwatch.events.WeightInit;

/** On a wide layer, the sampled weights have the variance the contract's formula states. */
class WeightInitializersTest {

    private static final int N_IN = 400;
    private static final int N_OUT = 300;
    /** 120 000 samples: the sample variance is within about 1% of the true one; 4% leaves room for every seed. */
    private static final double RELATIVE_TOLERANCE = 0.04;
    private static final double CUSTOM_SIGMA = 0.5;
    private static final double CONSTANT_VALUE = 0.3;

    @ParameterizedTest
    @EnumSource(WeightInit.class)
    void sampledVarianceMatchesTheFormula(WeightInit scheme) {
        Double scale = switch (scheme) {
            case CUSTOM_NORMAL -> CUSTOM_SIGMA;
            case CONSTANT -> CONSTANT_VALUE;
            default -> null;
        };
        Nd4j.getRandom().setSeed(123);
        INDArray w = sample(scheme, scale);
        double expected = scheme.variance(N_IN, N_OUT, scale);
        double variance = w.varNumber().doubleValue();
        double mean = w.meanNumber().doubleValue();
        if (scheme.isSymmetric()) {
            double value = scheme == WeightInit.ZEROS ? 0 : scheme == WeightInit.ONES ? 1 : CONSTANT_VALUE;
            assertEquals(value, w.minNumber().doubleValue(), 1e-7, scheme + " min");
            assertEquals(value, w.maxNumber().doubleValue(), 1e-7, scheme + " max");
            assertEquals(0.0, variance, 1e-12);
            return;
        }
        assertEquals(expected, variance, expected * RELATIVE_TOLERANCE, scheme + " variance");
        assertEquals(0.0, mean, 5 * Math.sqrt(expected / w.length()), scheme + " mean");
        if (scheme.distribution() == WeightInit.Distribution.UNIFORM) {
            double limit = scheme.uniformLimit(N_IN, N_OUT);
            assertTrue(w.amaxNumber().doubleValue() <= limit, scheme + " stays inside ±" + limit);
            assertTrue(w.amaxNumber().doubleValue() > 0.99 * limit, scheme + " reaches its limit " + limit);
        }
    }

    @Test
    void heAndXavierDifferAsTheirFormulasSay() {
        // 2/n_in against 2/(n_in+n_out): with n_in=400, n_out=300 He is 1.75 times Xavier.
        double he = sample(WeightInit.HE_NORMAL, null).varNumber().doubleValue();
        double xavier = sample(WeightInit.XAVIER_NORMAL, null).varNumber().doubleValue();
        assertEquals(1.75, he / xavier, 0.1);
    }

    private static INDArray sample(WeightInit scheme, Double scale) {
        INDArray view = Nd4j.create(DataType.FLOAT, 1, (long) N_IN * N_OUT);
        return WeightInitializers.of(scheme, scale).init(N_IN, N_OUT, new long[] { N_IN, N_OUT }, 'f', view);
    }
}
