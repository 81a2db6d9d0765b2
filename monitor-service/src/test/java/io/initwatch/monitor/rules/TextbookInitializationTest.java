package io.initwatch.monitor.rules;

import static io.initwatch.monitor.testing.EngineFeed.rules;
import static io.initwatch.monitor.testing.TelemetryEvents.config;
import static io.initwatch.monitor.testing.TelemetryEvents.layer;
import static io.initwatch.monitor.testing.TelemetryEvents.snapshot;
import static io.initwatch.monitor.testing.TelemetryEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.Cause;
import io.initwatch.events.RunConfig;
import io.initwatch.events.Severity;
import io.initwatch.events.StatsPhase;
import io.initwatch.monitor.testing.EngineFeed;

/**
 * What a new user met on runs the monitor was not tuned on: a textbook initialization is never blamed, never gets a
 * CRITICAL, and is never prescribed the variance it already has; the alert names the real lever instead.
 */
class TextbookInitializationTest {

    @Test
    void aFortyLayerHeUniformNetWithAPreflightGradientOf1150IsNotExploding() {
        RunConfig config = config("he40", 2, 40, 32, "relu", "he-uniform", 3);
        List<Alert> alerts = new EngineFeed().feed(started(config),
                snapshot("he40", StatsPhase.PREFLIGHT, 0, 41, i -> layer(i, i == 40 ? "softmax" : "relu")
                        .gradient(i == 0 ? 1150.0 : 40.0)));
        assertThat(rules(alerts)).isEmpty();
    }

    @Test
    void aHeNormalNetWhoseSignalDriftsIsNeverPrescribedHeAgain() {
        RunConfig config = config("he40n", 2, 40, 32, "relu", "he-normal", 3);
        // pre-flight std 1 → 0.005 over 40 layers: beyond the drift limit, but He is what ReLU needs
        List<Alert> alerts = new EngineFeed().feed(started(config),
                snapshot("he40n", StatsPhase.PREFLIGHT, 0, 41, i -> layer(i, i == 40 ? "softmax" : "relu")
                        .activationStd(Math.pow(0.875, i))));
        assertThat(rules(alerts)).containsExactly("variance-not-preserved");
        Alert alert = alerts.get(0);
        assertThat(alert.cause()).isEqualTo(Cause.TRAINING_SETUP);
        // worth knowing, nothing to fix about the initialization
        assertThat(alert.severity()).isEqualTo(Severity.INFO);
        assertThat(alert.recommendation()).doesNotContain("use He").startsWith("The initialization already suits");
    }

    @Test
    void vanishingGradientsInADeepSigmoidNetUnderGlorotNameTheActivationNotTheInitializer() {
        RunConfig config = config("sig6", 2, 6, 32, "sigmoid", "xavier-normal", 2);
        List<Alert> alerts = new EngineFeed().feed(started(config),
                snapshot("sig6", StatsPhase.EPOCH, 1, 7, i -> layer(i, i == 6 ? "softmax" : "sigmoid")
                        .gradient(i == 6 ? 1.0 : 1e-5)));
        assertThat(rules(alerts)).containsExactly("vanishing-gradients");
        Alert alert = alerts.get(0);
        assertThat(alert.cause()).isEqualTo(Cause.TRAINING_SETUP);
        assertThat(alert.diagnosis()).contains("6 stacked tanh/sigmoid layers");
        assertThat(alert.recommendation()).doesNotContain("use Glorot").contains("ReLU-family activations with He");
    }

    @Test
    void aNanLossUnderATextbookInitializationBlamesTheLearningRate() {
        RunConfig config = config("lr", 2, 4, 32, "relu", "he-normal", 3);
        List<Alert> alerts = new EngineFeed().feed(started(config),
                io.initwatch.monitor.testing.TelemetryEvents.metrics("lr", 1, Double.NaN, null));
        assertThat(alerts).extracting(Alert::cause).containsOnly(Cause.LEARNING_RATE);
        assertThat(alerts.get(0).recommendation()).contains("lower the learning rate (now 0.01, try 0.001)")
                .doesNotContain("use He");
    }

    @Test
    void aFlatLossUnderWeightsFarTooLargeIsNotBlamedOnWeightsTooSmall() {
        RunConfig config = config("big", 2, 8, 256, "tanh", "standard-normal", 3);
        EngineFeed feed = new EngineFeed();
        feed.feed(started(config));
        List<Alert> alerts = List.of();
        for (int epoch = 1; epoch <= 5; epoch++) {
            alerts = feed.feed(io.initwatch.monitor.testing.TelemetryEvents.metrics("big", epoch, 1.0986, null));
        }
        assertThat(rules(alerts)).containsExactly("flat-loss");
        assertThat(alerts.get(0).cause()).isEqualTo(Cause.EXPLODING);
        assertThat(alerts.get(0).diagnosis()).contains("too large").doesNotContain("too small");
    }
}
