package io.initwatch.monitor.rules;

import static io.initwatch.monitor.testing.EngineFeed.rules;
import static io.initwatch.monitor.testing.TelemetryEvents.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.Severity;
import io.initwatch.monitor.testing.EngineFeed;

/** Rules on the loss curves, each on both sides of its thresholds (defaults). */
class MetricRulesTest {

    private static List<EpochMetrics> curve(double[] train, double[] validation) {
        List<EpochMetrics> events = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            events.add(metrics("r", i + 1, train[i], validation == null ? null : validation[i]));
        }
        return events;
    }

    private static List<Alert> run(double[] train, double[] validation) {
        return new EngineFeed().feed(curve(train, validation));
    }

    // --- non-finite ---------------------------------------------------------------------------------

    @Test
    void nanTrainingLossIsCriticalOnTheFirstEpochThatShowsIt() {
        List<Alert> alerts = run(new double[] {0.7, Double.NaN, Double.NaN}, null);
        assertThat(rules(alerts)).containsExactly("non-finite-loss");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alerts.get(0).epoch()).isEqualTo(2);
        assertThat(alerts.get(0).evidence().get("trainLoss")).isNaN();
    }

    @Test
    void stuckAtTwoWithValidationNanFromTheStartIsBothProblems() {
        List<Alert> alerts = run(new double[] {2.02, 2.01, 2.0, 2.0, 2.0},
                new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
        assertThat(rules(alerts)).containsExactly("non-finite-validation-loss", "flat-loss");
        assertThat(alerts.get(0).title()).contains("from the start");
        assertThat(alerts.get(1).title()).contains("stuck at 2 ");
    }

    @Test
    void infiniteLossIsNonFiniteButLargeFiniteLossIsNot() {
        assertThat(rules(run(new double[] {0.7, Double.POSITIVE_INFINITY}, null))).containsExactly("non-finite-loss");
        assertThat(rules(run(new double[] {0.7, 1.3}, null))).isEmpty();
    }

    // --- flat loss (window 5, drop 1 %, progress 20 %) ---------------------------------------------------

    @Test
    void lossFallingLessThanOnePercentOverFiveEpochsIsFlat() {
        List<Alert> alerts = run(new double[] {0.700, 0.699, 0.698, 0.697, 0.694}, null);
        assertThat(rules(alerts)).containsExactly("flat-loss");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(alerts.get(0).epoch()).isEqualTo(5);
    }

    @Test
    void lossFallingMoreThanOnePercentOverFiveEpochsIsNotFlat() {
        assertThat(rules(run(new double[] {0.700, 0.699, 0.698, 0.697, 0.690}, null))).isEmpty();
    }

    @Test
    void flatLossIsNotJudgedBeforeTheWindowIsFull() {
        assertThat(rules(run(new double[] {0.7, 0.7, 0.7, 0.7}, null))).isEmpty();
    }

    @Test
    void aPlateauAfterRealProgressIsConvergenceNotStuck() {
        // fell 25 % from epoch 1, then flat: above the 20 % progress bound
        assertThat(rules(run(new double[] {0.8, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6}, null))).isEmpty();
        // fell only 15 %, then flat: still stuck near the start
        assertThat(rules(run(new double[] {0.8, 0.68, 0.68, 0.68, 0.68, 0.68, 0.68}, null)))
                .containsExactly("flat-loss");
    }

    // --- divergence (3 rising epochs with ≥ 5 % rise and ≥ 20 % of the epoch-1 loss; 2× epoch 1) -------

    @Test
    void threeRisingEpochsAddingUpToMoreThanFivePercentAreDivergence() {
        // +25 % over epochs 3–5, and the rise 0.15 is 21 % of the epoch-1 loss 0.70
        List<Alert> alerts = run(new double[] {0.70, 0.60, 0.65, 0.70, 0.75}, null);
        assertThat(rules(alerts)).containsExactly("diverging-loss");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(alerts.get(0).evidence().get("startRelativeRise")).isCloseTo(0.2143, within(1e-3));
    }

    @Test
    void aRiseBelowOneFifthOfTheEpochOneLossIsNotDivergence() {
        // +22 % relative, but the rise 0.13 is only 19 % of the epoch-1 loss 0.70
        assertThat(rules(run(new double[] {0.70, 0.60, 0.64, 0.68, 0.73}, null))).isEmpty();
        // this curve was divergence before the epoch-1 scale was introduced: 0.06 is 8.6 % of the starting loss,
        // the size of the wobbles real healthy runs show (tanh/Glorot: +7.8 % of its epoch-1 loss)
        assertThat(rules(run(new double[] {0.70, 0.60, 0.62, 0.64, 0.66}, null))).isEmpty();
    }

    @Test
    void aConvergedLossDoublingNearZeroIsNoiseNotDivergence() {
        // the recorded tanh/Glorot run: 0.0295 → 0.0568 in epochs 7–9 is +92 %, but 7.8 % of its epoch-1 loss
        assertThat(rules(run(new double[] {0.3517, 0.0799, 0.0395, 0.0386, 0.0423, 0.0295, 0.0327, 0.0456, 0.0568,
                0.0315, 0.0197, 0.0189}, null))).isEmpty();
    }

    @Test
    void twoRisingEpochsOrASmallRiseAreNoise() {
        assertThat(rules(run(new double[] {0.70, 0.60, 0.62, 0.64, 0.63}, null))).isEmpty();
        assertThat(rules(run(new double[] {0.70, 0.60, 0.605, 0.61, 0.62}, null))).isEmpty();
    }

    @Test
    void lossAboveTwiceItsStartIsDivergenceBlamedOnTheLearningRateWhenNothingSaysTheInitIsWrong() {
        List<Alert> alerts = run(new double[] {0.70, 1.0, 0.9, 1.45}, null);
        assertThat(rules(alerts)).containsExactly("diverging-loss");
        // no run config, nothing that shows a bad initializer: not a CRITICAL about the initialization
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(alerts.get(0).cause()).isEqualTo(Cause.LEARNING_RATE);
        assertThat(rules(run(new double[] {0.70, 1.0, 0.9, 1.35}, null))).isEmpty();
    }

    // --- erratic validation (6 epochs, 3 reversals, 20 % mean swing, 30 % of the epoch-1 loss) ---------

    @Test
    void validationJumpingUpAndDownByAThirdIsErratic() {
        double[] train = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
        List<Alert> alerts = run(train, new double[] {1.0, 0.6, 1.0, 0.6, 1.0, 0.6});
        assertThat(rules(alerts)).containsExactly("erratic-validation-loss");
    }

    @Test
    void smallWigglesOrFewReversalsAreNotErratic() {
        double[] train = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
        assertThat(rules(run(train, new double[] {1.0, 0.9, 1.0, 0.9, 1.0, 0.9}))).isEmpty();
        assertThat(rules(run(train, new double[] {1.0, 0.6, 0.4, 0.3, 0.6, 1.0}))).isEmpty();
    }

    @Test
    void swingsOfMoreThanThirtyPercentOfTheEpochOneLossAreErratic() {
        double[] train = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
        List<Alert> alerts = run(train, new double[] {0.5, 0.19, 0.5, 0.19, 0.5, 0.19});
        assertThat(rules(alerts)).containsExactly("erratic-validation-loss");
        assertThat(alerts.get(0).evidence().get("startRelativeSwing")).isCloseTo(0.31, within(1e-9));
        assertThat(rules(run(train, new double[] {0.5, 0.21, 0.5, 0.21, 0.5, 0.21}))).isEmpty();
    }

    @Test
    void aConvergedValidationLossJumpingNearZeroIsNotErratic() {
        // moves of 0.02–0.07 are 100 %+ of a validation loss near 0.01, but 13 % of the epoch-1 loss 0.35
        assertThat(rules(run(new double[] {0.35, 0.08, 0.04, 0.03, 0.025, 0.02},
                new double[] {0.097, 0.038, 0.019, 0.075, 0.010, 0.034}))).isEmpty();
    }

    // --- overfitting (3 epochs patience, 10 % rise) -------------------------------------------------------

    @Test
    void validationRisingWhileTrainingFallsIsOverfittingNotAnInitializationProblem() {
        List<Alert> alerts = run(new double[] {0.7, 0.5, 0.4, 0.3, 0.2, 0.1},
                new double[] {0.7, 0.55, 0.50, 0.52, 0.54, 0.56});
        assertThat(rules(alerts)).containsExactly("overfitting");
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.INFO);
        assertThat(alert.title()).contains("not an initialization problem");
        assertThat(alert.recommendation()).startsWith("Keep the initialization").contains("epoch 3");
    }

    @Test
    void aSmallValidationRiseOrTooFewEpochsIsNotOverfitting() {
        assertThat(rules(run(new double[] {0.7, 0.5, 0.4, 0.3, 0.2, 0.1},
                new double[] {0.7, 0.55, 0.50, 0.52, 0.53, 0.54}))).isEmpty();
        assertThat(rules(run(new double[] {0.7, 0.5, 0.4, 0.3, 0.2},
                new double[] {0.7, 0.55, 0.50, 0.58, 0.6}))).isEmpty();
    }

    @Test
    void bothLossesRisingIsNotOverfitting() {
        assertThat(rules(run(new double[] {0.7, 0.5, 0.4, 0.41, 0.42, 0.43},
                new double[] {0.7, 0.55, 0.50, 0.52, 0.54, 0.60}))).doesNotContain("overfitting");
    }
}
