package io.initwatch.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.testing.MonitorKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** application.properties and the plain-Java defaults (used by the docs and unit tests) say the same thing. */
@QuarkusTest
@QuarkusTestResource(value = MonitorKafkaResource.class, restrictToAnnotatedClass = false)
class ConfiguredThresholdsTest {

    @Inject
    RuleThresholds thresholds;

    @Test
    void theShippedConfigurationIsTheDocumentedDefaults() {
        assertThat(thresholds).isEqualTo(RuleThresholds.defaults());
    }
}
