package io.initwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The formulas the product prescribes, checked against the lesson's own worked numbers. */
class WeightInitTests {

    @Test
    void heIsTwoOverFanIn() {
        assertEquals(2.0 / 64, WeightInit.HE_NORMAL.variance(64, 64, null), 1e-12);
        assertEquals(Math.sqrt(6.0 / 64), WeightInit.HE_UNIFORM.uniformLimit(64, 32), 1e-12);
    }

    @Test
    void glorotIsTwoOverFanInPlusFanOutAndItsUniformLimitIsRootSixOverTheSum() {
        // The lesson's example: n_in = 4, n_out = 6, n_in + n_out = 10.
        assertEquals(0.2, WeightInit.XAVIER_NORMAL.variance(4, 6, null), 1e-12);
        assertEquals(Math.sqrt(6.0 / 10), WeightInit.XAVIER_UNIFORM.uniformLimit(4, 6), 1e-12);
    }

    @Test
    void caffeXavierAndLecunAreOneOverFanIn() {
        assertEquals(1.0 / 50, WeightInit.XAVIER_CAFFE.variance(50, 10, null), 1e-12);
        assertEquals(1.0 / 50, WeightInit.LECUN_NORMAL.variance(50, 10, null), 1e-12);
        assertEquals(Math.sqrt(3.0 / 50), WeightInit.LECUN_UNIFORM.uniformLimit(50, 10), 1e-12);
    }

    @Test
    void constantSchemesHaveNoVarianceAndAreSymmetric() {
        assertEquals(0.0, WeightInit.ZEROS.variance(10, 10, null));
        assertEquals(true, WeightInit.ONES.isSymmetric());
        assertEquals(false, WeightInit.SMALL_NORMAL.isSymmetric());
        assertEquals(1e-4, WeightInit.SMALL_NORMAL.variance(10, 10, null), 1e-15);
        assertEquals(0.25, WeightInit.CUSTOM_NORMAL.variance(10, 10, 0.5), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> WeightInit.CUSTOM_NORMAL.variance(10, 10, null));
    }

    @Test
    void theReluFamilyIsPrescribedHeAndSaturatingActivationsGlorot() {
        assertEquals(WeightInit.HE_NORMAL, WeightInit.recommendedFor(Activation.LEAKY_RELU));
        assertEquals(WeightInit.XAVIER_NORMAL, WeightInit.recommendedFor(Activation.TANH));
        assertEquals(Activation.LEAKY_RELU, Activation.parse("Leaky_ReLU").orElseThrow());
        assertEquals(WeightInit.HE_UNIFORM, WeightInit.parse("HE_UNIFORM").orElseThrow());
        assertEquals(Severity.CRITICAL, Severity.parse(" critical ").orElseThrow());
        assertEquals(true, Severity.parse("fatal").isEmpty());
    }
}
