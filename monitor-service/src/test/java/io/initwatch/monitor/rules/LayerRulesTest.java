package io.initwatch.monitor.rules;

import static io.initwatch.monitor.testing.EngineFeed.rules;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.Cause;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;
import io.initwatch.monitor.testing.EngineFeed;
import io.initwatch.monitor.testing.TelemetryEvents.Layer;

/** Rules on the per-layer statistics, each on both sides of its thresholds (defaults). */
class LayerRulesTest {
    private static final int LAYERS = 5;

    /** Five layers: 0–3 hidden ReLU, 4 the softmax output; {@code spoil} changes the hidden ones. */
    private static LayerStats relu(StatsPhase phase, int epoch, java.util.function.BiFunction<Integer, Layer, Layer> spoil) {
        IntFunction<Layer> build = i -> i == LAYERS - 1 ? layer(i, "softmax") : spoil.apply(i, layer(i, "relu"));
        return snapshot("r", phase, epoch, LAYERS, build);
    }

    private static List<Alert> feed(LayerStats... stats) {
        return new EngineFeed().feed((Object[]) stats);
    }

    @Test
    void healthySnapshotsRaiseNothing() {
        assertThat(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l), relu(StatsPhase.EPOCH, 1, (i, l) -> l))).isEmpty();
    }

    // --- non-finite gradients and weights ------------------------------------------------------------

    @Test
    void nanGradientInOneLayerIsCriticalNamingTheLayer() {
        List<Alert> alerts = feed(relu(StatsPhase.ITERATION, 0, (i, l) -> i == 2 ? l.gradient(Double.NaN) : l));
        assertThat(rules(alerts)).containsExactly("non-finite-gradients");
        assertThat(alerts.get(0).layers()).containsExactly(2);
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void infiniteWeightsAreNonFiniteWeights() {
        List<Alert> alerts = feed(relu(StatsPhase.EPOCH, 1,
                (i, l) -> l.weights(Double.POSITIVE_INFINITY, Double.NaN)));
        assertThat(rules(alerts)).containsExactly("non-finite-weights");
        assertThat(alerts.get(0).layers()).containsExactly(0, 1, 2, 3);
    }

    // --- exploding (norm 1e5 unless the init is known to suit; ×10 per epoch for 2 epochs) ----------------

    @Test
    void gradientNormAboveTheBoundIsExplodingBeforeAnyNan() {
        List<Alert> alerts = feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> i == 0 ? l.gradient(100_001.0) : l));
        assertThat(rules(alerts)).containsExactly("exploding-gradients");
        assertThat(alerts.get(0).layers()).containsExactly(0);
        assertThat(alerts.get(0).cause()).as("no config: judged from the symptom").isEqualTo(Cause.EXPLODING);
        assertThat(rules(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> i == 0 ? l.gradient(99_999.0) : l)))).isEmpty();
    }

    @Test
    void gradientGrowingTenfoldForTwoEpochsIsExploding() {
        List<Alert> alerts = feed(relu(StatsPhase.EPOCH, 1, (i, l) -> l.gradient(0.1)),
                relu(StatsPhase.EPOCH, 2, (i, l) -> i == 1 ? l.gradient(1.1) : l.gradient(0.1)),
                relu(StatsPhase.EPOCH, 3, (i, l) -> i == 1 ? l.gradient(12.0) : l.gradient(0.1)));
        assertThat(rules(alerts)).containsExactly("exploding-gradients");
        assertThat(alerts.get(0).layers()).containsExactly(1);
        assertThat(alerts.get(0).epoch()).isEqualTo(3);
    }

    @Test
    void growthBelowTenfoldOrForOneEpochIsNotExploding() {
        assertThat(feed(relu(StatsPhase.EPOCH, 1, (i, l) -> l.gradient(0.1)),
                relu(StatsPhase.EPOCH, 2, (i, l) -> l.gradient(0.9)),
                relu(StatsPhase.EPOCH, 3, (i, l) -> l.gradient(8.0)))).isEmpty();
        assertThat(feed(relu(StatsPhase.EPOCH, 1, (i, l) -> l.gradient(0.1)),
                relu(StatsPhase.EPOCH, 2, (i, l) -> l.gradient(1.1)),
                relu(StatsPhase.EPOCH, 3, (i, l) -> l.gradient(2.0)))).isEmpty();
    }

    @Test
    void growthThatStaysBelowTheAbsoluteFloorIsNotExploding() {
        // ×11 and ×82 per epoch, but 9 is within the healthy range (floor 10); 11 is past it
        assertThat(feed(relu(StatsPhase.EPOCH, 1, (i, l) -> l.gradient(0.01)),
                relu(StatsPhase.EPOCH, 2, (i, l) -> i == 1 ? l.gradient(0.11) : l.gradient(0.01)),
                relu(StatsPhase.EPOCH, 3, (i, l) -> i == 1 ? l.gradient(9.0) : l.gradient(0.01)))).isEmpty();
        List<Alert> alerts = feed(relu(StatsPhase.EPOCH, 1, (i, l) -> l.gradient(0.01)),
                relu(StatsPhase.EPOCH, 2, (i, l) -> i == 1 ? l.gradient(0.11) : l.gradient(0.01)),
                relu(StatsPhase.EPOCH, 3, (i, l) -> i == 1 ? l.gradient(11.0) : l.gradient(0.01)));
        assertThat(rules(alerts)).containsExactly("exploding-gradients");
        assertThat(alerts.get(0).layers()).containsExactly(1);
    }

    @Test
    void growthBackFromADipBelowTheFirstMeasuredNormIsNotExploding() {
        // near convergence gradients fall to 0.1 and grow ×10 twice, to 12: still below the pre-flight 50
        assertThat(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l.gradient(50.0)),
                relu(StatsPhase.EPOCH, 1, (i, l) -> l.gradient(0.1)),
                relu(StatsPhase.EPOCH, 2, (i, l) -> l.gradient(1.1)),
                relu(StatsPhase.EPOCH, 3, (i, l) -> l.gradient(12.0)))).isEmpty();
        // from a pre-flight 11, reaching 12 is growth beyond where the run started
        List<Alert> alerts = feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l.gradient(11.0)),
                relu(StatsPhase.EPOCH, 1, (i, l) -> l.gradient(0.1)),
                relu(StatsPhase.EPOCH, 2, (i, l) -> l.gradient(1.1)),
                relu(StatsPhase.EPOCH, 3, (i, l) -> l.gradient(12.0)));
        assertThat(rules(alerts)).containsExactly("exploding-gradients");
        assertThat(alerts.get(0).epoch()).isEqualTo(3);
    }

    // --- vanishing (1e-3 of the last layer; floor 1e-8) ------------------------------------------------

    @Test
    void earlyLayersBelowOneThousandthOfTheLastLayerAreVanishing() {
        // the output layer's gradient is 0.1: the limit is 1e-4
        List<Alert> alerts = feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> i < 2 ? l.gradient(9e-5) : l.gradient(2e-4)));
        assertThat(rules(alerts)).containsExactly("vanishing-gradients");
        assertThat(alerts.get(0).layers()).containsExactly(0, 1);
        assertThat(alerts.get(0).recommendation()).contains("layers 0–1").contains("use He");
    }

    @Test
    void gradientsAboveOneThousandthOfTheLastLayerAreNotVanishing() {
        assertThat(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l.gradient(1.1e-4)))).isEmpty();
    }

    @Test
    void gradientsBelowTheAbsoluteFloorAreVanishingEvenIfTheLastLayerIsTiny() {
        IntFunction<Layer> tiny = i -> layer(i, i == LAYERS - 1 ? "softmax" : "relu").gradient(i == LAYERS - 1 ? 1e-8 : 5e-9);
        assertThat(rules(feed(snapshot("r", StatsPhase.EPOCH, 1, LAYERS, tiny)))).contains("vanishing-gradients");
        IntFunction<Layer> small = i -> layer(i, i == LAYERS - 1 ? "softmax" : "relu").gradient(i == LAYERS - 1 ? 1e-8 : 2e-8);
        assertThat(rules(feed(snapshot("r", StatsPhase.EPOCH, 1, LAYERS, small)))).doesNotContain("vanishing-gradients");
    }

    // --- variance not preserved (pre-flight, 3+ hidden layers, 100× drift) ------------------------------

    @Test
    void activationStdShrinkingMoreThanHundredfoldBeforeTrainingIsAWarning() {
        List<Alert> alerts = feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l.activationStd(i == 3 ? 0.009 : 1.0)));
        assertThat(rules(alerts)).containsExactly("variance-not-preserved");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(alerts.get(0).title()).contains("vanish");
        assertThat(alerts.get(0).cause()).isEqualTo(Cause.VANISHING);
        assertThat(rules(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l.activationStd(i == 3 ? 0.011 : 1.0))))).isEmpty();
    }

    @Test
    void activationStdGrowingMoreThanHundredfoldBeforeTrainingIsCritical() {
        List<Alert> alerts = feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l.activationStd(Math.pow(4.7, i))));
        assertThat(rules(alerts)).containsExactly("variance-not-preserved");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alerts.get(0).cause()).isEqualTo(Cause.EXPLODING);
        assertThat(rules(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> l.activationStd(Math.pow(4.6, i)))))).isEmpty();
    }

    @Test
    void varianceDriftIsOnlyJudgedBeforeTrainingAndInDeepEnoughNetworks() {
        assertThat(feed(relu(StatsPhase.EPOCH, 1, (i, l) -> l.activationStd(i == 3 ? 0.01 : 1.0)))).isEmpty();
        IntFunction<Layer> shallow = i -> layer(i, i == 2 ? "softmax" : "relu").activationStd(i == 1 ? 0.01 : 1.0);
        assertThat(feed(snapshot("r", StatsPhase.PREFLIGHT, 0, 3, shallow))).isEmpty();
    }

    // --- symmetry (weight std 1e-12; unit spread 1e-6 of the activation std) ---------------------------

    @Test
    void identicalWeightsAreSymmetricUnits() {
        List<Alert> alerts = feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> i == 1 ? l.weights(0.0, 1e-13) : l));
        assertThat(rules(alerts)).containsExactly("symmetric-weights");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rules(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> i == 1 ? l.weights(0.1, 1e-3) : l)))).isEmpty();
    }

    @Test
    void unitsThatDoNotDifferAreSymmetricEvenIfTheWeightStdIsNotReported() {
        assertThat(rules(feed(relu(StatsPhase.PREFLIGHT, 0,
                (i, l) -> i == 2 ? l.weights(1.0, null).unitSpread(0.9e-6) : l)))).containsExactly("symmetric-weights");
        assertThat(feed(relu(StatsPhase.PREFLIGHT, 0, (i, l) -> i == 2 ? l.weights(1.0, null).unitSpread(1.1e-6) : l)))
                .isEmpty();
    }

    @Test
    void aZeroInitializedOutputLayerIsNotSymmetry() {
        IntFunction<Layer> build = i -> i == LAYERS - 1 ? layer(i, "softmax").weights(0.0, 0.0).unitSpread(0.0)
                : layer(i, "relu");
        assertThat(feed(snapshot("r", StatsPhase.PREFLIGHT, 0, LAYERS, build))).isEmpty();
    }

    // --- dead ReLU (90 % zeros) -----------------------------------------------------------------------

    @Test
    void reluLayerWithNinetyPercentZerosIsDead() {
        List<Alert> alerts = feed(relu(StatsPhase.EPOCH, 1, (i, l) -> i == 3 ? l.zeroFraction(0.91) : l));
        assertThat(rules(alerts)).containsExactly("dead-relu");
        assertThat(alerts.get(0).layers()).containsExactly(3);
        assertThat(feed(relu(StatsPhase.EPOCH, 1, (i, l) -> i == 3 ? l.zeroFraction(0.89) : l))).isEmpty();
    }

    @Test
    void zerosInTanhLayersAreNotDeadRelus() {
        IntFunction<Layer> build = i -> layer(i, i == LAYERS - 1 ? "softmax" : "tanh").zeroFraction(0.95);
        assertThat(feed(snapshot("r", StatsPhase.EPOCH, 1, LAYERS, build))).isEmpty();
    }

    // --- saturation (30 %) -------------------------------------------------------------------------------

    @Test
    void tanhLayerWithThirtyPercentSaturatedUnitsIsSaturated() {
        IntFunction<Layer> over = i -> layer(i, i == LAYERS - 1 ? "softmax" : "tanh").saturated(i == 0 ? 0.31 : 0.02);
        List<Alert> alerts = feed(snapshot("r", StatsPhase.PREFLIGHT, 0, LAYERS, over));
        assertThat(rules(alerts)).containsExactly("saturated-activations");
        assertThat(alerts.get(0).recommendation()).contains("Glorot");
        IntFunction<Layer> under = i -> layer(i, i == LAYERS - 1 ? "softmax" : "sigmoid").saturated(0.29);
        assertThat(feed(snapshot("r", StatsPhase.PREFLIGHT, 0, LAYERS, under))).isEmpty();
    }

    // --- update ratio (1e-5 .. 1e-1; too small judged in epochs 1–3) ------------------------------------

    @Test
    void updateRatioFarBelowOneThousandthIsTooSmall() {
        List<Alert> alerts = feed(relu(StatsPhase.EPOCH, 1, (i, l) -> i == 0 ? l.updateRatio(0.9e-5) : l));
        assertThat(rules(alerts)).containsExactly("update-ratio");
        assertThat(alerts.get(0).title()).contains("too small");
        assertThat(feed(relu(StatsPhase.EPOCH, 1, (i, l) -> i == 0 ? l.updateRatio(1.1e-5) : l))).isEmpty();
    }

    @Test
    void updateRatioAboveOneFifthIsTooLarge() {
        List<Alert> alerts = feed(relu(StatsPhase.ITERATION, 0, (i, l) -> i == 0 ? l.updateRatio(0.21) : l));
        assertThat(rules(alerts)).containsExactly("update-ratio");
        assertThat(alerts.get(0).title()).contains("too large");
        // no config: judged from the symptom, an unstable update is the learning rate's, not the initializer's
        assertThat(alerts.get(0).cause()).isEqualTo(Cause.LEARNING_RATE);
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(feed(relu(StatsPhase.ITERATION, 0, (i, l) -> i == 0 ? l.updateRatio(0.19) : l))).isEmpty();
    }

    @Test
    void tooSmallUpdatesAreJudgedInTheFirstThreeEpochsOnly() {
        assertThat(rules(feed(relu(StatsPhase.EPOCH, 3, (i, l) -> i == 0 ? l.updateRatio(0.9e-5) : l))))
                .containsExactly("update-ratio");
        // a converged network stops moving: not an initialization signal
        assertThat(feed(relu(StatsPhase.EPOCH, 4, (i, l) -> i == 0 ? l.updateRatio(6e-6) : l))).isEmpty();
    }

    @Test
    void tooLargeUpdatesAreJudgedWhenever() {
        List<Alert> alerts = feed(relu(StatsPhase.EPOCH, 10, (i, l) -> i == 0 ? l.updateRatio(0.5) : l));
        assertThat(rules(alerts)).containsExactly("update-ratio");
        assertThat(alerts.get(0).title()).contains("too large");
    }

    @Test
    void tooSmallAndTooLargeAreDistinctConditions() {
        List<Alert> alerts = feed(relu(StatsPhase.EPOCH, 1, (i, l) -> i == 0 ? l.updateRatio(1e-7) : l),
                relu(StatsPhase.EPOCH, 2, (i, l) -> i == 0 ? l.updateRatio(0.5) : l));
        assertThat(rules(alerts)).containsExactly("update-ratio", "update-ratio");
        assertThat(alerts.get(0).alertId()).isNotEqualTo(alerts.get(1).alertId());
    }
}
