package io.initwatch.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.initwatch.monitor.rules.RuleThresholds;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Configuration to thresholds: overrides and environment variables apply, a typo stops the start-up. */
class RulesProducerTest {

    private static SmallRyeConfig config(String... keysAndValues) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            builder.withDefaultValue(keysAndValues[i], keysAndValues[i + 1]);
        }
        return builder.build();
    }

    @Test
    void aConfiguredThresholdIsUsed() {
        RuleThresholds t = new RulesProducer().thresholds(config("initwatch.rules.variance-not-preserved.max-drift", "30"));
        assertThat(t.varianceNotPreserved().maxDrift()).isEqualTo(30);
    }

    @Test
    void aKeyThatIsNoThresholdIsRefusedByName() {
        // the group was called "divergence" before the rules took their wire names
        assertThatThrownBy(() -> new RulesProducer().thresholds(config("initwatch.rules.divergence.max-growth", "3")))
                .hasMessageContaining("unknown rule thresholds [initwatch.rules.divergence.max-growth]");
    }
}
