package io.initwatch.monitor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunStateTest {

    @Test
    void aConditionFiresOnceAndIsToldApartFromItsRulesOtherConditionsAndFromRulesNamedAlike() {
        RunState run = new RunState("run-1");

        assertThat(run.hasFired("flat-loss", "once")).isFalse();
        assertThat(run.markFired("flat-loss", "once")).isTrue();
        assertThat(run.markFired("flat-loss", "once")).isFalse();
        assertThat(run.markFired("diverging-loss", "rising")).isTrue();

        assertThat(run.hasFired("flat-loss", "once")).isTrue();
        assertThat(run.hasFired("diverging-loss", "rising")).isTrue();
        assertThat(run.hasFired("diverging-loss", "above-start")).isFalse();
        assertThat(run.hasFired("flat", "once")).isFalse();
        assertThat(run.hasFired("flat-loss-x", "once")).isFalse();
        assertThat(run.hasFired("flat-loss", "onc")).isFalse();
        assertThat(run.firedRule("flat-loss")).isTrue();
        assertThat(run.firedRule("flat")).isFalse();
        assertThat(run.firedConditions()).containsExactly("flat-loss|once", "diverging-loss|rising");
    }

    @Test
    void aRestoredConditionCountsAsFiredAndIsKeptOnce() {
        RunState run = new RunState("run-1");

        run.restoreFired("non-finite-loss|once");
        run.restoreFired("non-finite-loss|once");

        assertThat(run.hasFired("non-finite-loss", "once")).isTrue();
        assertThat(run.markFired("non-finite-loss", "once")).isFalse();
        assertThat(run.firedConditions()).containsExactly("non-finite-loss|once");
    }
}
