package io.initwatch.monitor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.LayerPrescription;
import io.initwatch.events.Prescription;
import io.initwatch.events.RunChange;
import io.initwatch.monitor.testing.EngineFeed;
import io.initwatch.monitor.testing.SyntheticRuns;

/**
 * Every alert that prescribes carries the prescription machine-readable, with the numbers its text gives: a program
 * applying it does what a person reading it would.
 */
class PrescriptionTest {

    @Test
    void zerosInADeepReluNetArePrescribedHeWithItsVarianceAndUniformLimitPerLayer() {
        Alert symmetry = alert(SyntheticRuns.zeros("z").events(), "symmetric-weights");
        Prescription p = symmetry.prescription();
        assertThat(p.run()).isNull();
        assertThat(p.layers()).extracting(LayerPrescription::index).containsExactly(0, 1, 2);
        LayerPrescription first = p.layers().get(0);
        assertThat(first.currentInit()).isEqualTo("zeros");
        assertThat(first.weightInit()).isEqualTo("he-normal");
        assertThat(first.variance()).isEqualTo(2.0 / 2);          // n_in = 2 inputs
        assertThat(first.uniformInit()).isEqualTo("he-uniform");
        assertThat(first.uniformLimit()).isEqualTo(Math.sqrt(6.0 / 2), org.assertj.core.data.Offset.offset(1e-12));
        LayerPrescription deeper = p.layers().get(1);
        assertThat(deeper.variance()).isEqualTo(2.0 / 32);
        for (LayerPrescription layer : p.layers()) {
            assertThat(symmetry.recommendation()).contains("σ² = 2/" + layer.nIn() + " = " + Fmt.num(layer.variance()))
                    .contains("U(±" + Fmt.num(layer.uniformLimit()) + ")");
        }
    }

    @Test
    void aLearningRateCausePrescribesTheRateNotAnInitializer() {
        Alert nan = alert(SyntheticRuns.nanFromStart("n").events(), "non-finite-loss");
        Prescription p = nan.prescription();
        assertThat(p.layers()).isEmpty();
        assertThat(p.run().change()).isEqualTo(RunChange.LOWER_LEARNING_RATE);
        assertThat(p.run().current()).isEqualTo(10.0);
        assertThat(p.run().suggested()).isEqualTo(1.0);
        assertThat(nan.recommendation()).contains("now " + Fmt.num(10.0) + ", try " + Fmt.num(1.0));
    }

    @Test
    void lecunOnReluIsPrescribedHeForEveryHiddenLayer() {
        Alert mismatch = alert(SyntheticRuns.lecunDeepRelu("l").events(), "init-mismatch");
        assertThat(mismatch.prescription().changes()).hasSize(30)
                .allSatisfy(l -> assertThat(l.weightInit()).isEqualTo("he-normal"))
                .allSatisfy(l -> assertThat(l.currentInit()).isEqualTo("lecun-normal"));
    }

    private static Alert alert(List<Object> events, String rule) {
        return new EngineFeed().feed(events).stream().filter(a -> a.rule().equals(rule)).findFirst().orElseThrow();
    }
}
