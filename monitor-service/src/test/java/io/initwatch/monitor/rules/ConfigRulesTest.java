package io.initwatch.monitor.rules;

import static io.initwatch.monitor.testing.EngineFeed.rules;
import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Severity;
import io.initwatch.monitor.testing.EngineFeed;

/** Advice from the run config alone, before training starts. */
class ConfigRulesTest {

    private static List<Alert> start(RunConfig config) {
        return new EngineFeed().feed(started(config));
    }

    @Test
    void deepReluWithOneOverNInIsAMismatchPrescribingHeWithTheLayersNumbers() {
        List<Alert> alerts = start(config("r", 64, 30, 64, "relu", "lecun-normal", 2));
        assertThat(rules(alerts)).containsExactly("init-mismatch");
        Alert alert = alerts.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.epoch()).isZero();
        assertThat(alert.layers()).hasSize(30).startsWith(0).endsWith(29);
        assertThat(alert.recommendation())
                .isEqualTo("layers 0–29 (relu, n_in = 64, n_out = 64, now lecun-normal σ² = 1/64 = 0.0156): use He,"
                        + " σ² = 2/64 = 0.0313 (σ = 0.177), or He uniform U(±0.306).");
    }

    @Test
    void reluWithGlorotAndTanhWithHeAreMismatches() {
        assertThat(rules(start(config("r", 32, 4, 32, "relu", "xavier-uniform", 2)))).containsExactly("init-mismatch");
        Alert tanh = start(config("r", 32, 4, 32, "tanh", "he-normal", 2)).get(0);
        assertThat(tanh.recommendation()).contains("use Glorot (Xavier), σ² = 2/(32+32) = 0.0313");
    }

    @Test
    void matchingInitializationsAreNotMismatches() {
        assertThat(start(config("r", 2, 8, 32, "relu", "he-normal", 2))).isEmpty();
        assertThat(start(config("r", 2, 8, 32, "leakyrelu", "he-uniform", 2))).isEmpty();
        assertThat(start(config("r", 16, 4, 16, "tanh", "xavier-normal", 3))).isEmpty();
    }

    @Test
    void varianceWithinOneAndAHalfTimesOfTheRecommendedIsNotAMismatch() {
        // He for n_in = 32 is σ² = 0.0625 (σ = 0.25); σ = 0.29 is 1.35×, σ = 0.31 is 1.54×
        assertThat(start(custom(0.29))).isEmpty();
        assertThat(rules(start(custom(0.31)))).containsExactly("init-mismatch");
    }

    private static RunConfig custom(double sigma) {
        RunConfig base = config("r", 32, 3, 32, "relu", "custom-normal", 2);
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec l : base.layers()) {
            layers.add(new LayerSpec(l.index(), l.name(), l.type(), l.activation(), l.weightInit(), sigma, l.nIn(), l.nOut()));
        }
        return new RunConfig("r", null, "r", "spirals", 32, 2, layers, "sgd", 0.01, 32, 20, 42, "mcxent", null, null);
    }

    @Test
    void theOutputLayerIsNotJudgedForMismatch() {
        RunConfig base = config("r", 2, 3, 32, "relu", "he-normal", 2);
        assertThat(start(base)).isEmpty(); // the output layer is softmax with he-normal
    }

    @Test
    void zerosInHiddenLayersAreSymmetryBeforeTrainingStarts() {
        List<Alert> alerts = start(config("r", 2, 3, 32, "relu", "zeros", 2));
        assertThat(rules(alerts)).containsExactly("symmetric-weights");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alerts.get(0).layers()).containsExactly(0, 1, 2);
        assertThat(alerts.get(0).recommendation()).startsWith("Never initialize weights to zeros")
                .contains("layer 0 (relu, n_in = 2, n_out = 32, now zeros σ² = 0 (every weight equal)): use He,"
                        + " σ² = 2/2 = 1 (σ = 1)")
                .contains("layers 1–2 (relu, n_in = 32, n_out = 32, now zeros σ² = 0 (every weight equal)): use He,"
                        + " σ² = 2/32 = 0.0625 (σ = 0.25), or He uniform U(±0.433)");
    }

    @Test
    void unknownNamesFromOtherFrameworksAreToleratedWithoutAdvice() {
        assertThat(start(config("r", 2, 3, 32, "swish", "orthogonal", 2))).isEmpty();
    }
}
