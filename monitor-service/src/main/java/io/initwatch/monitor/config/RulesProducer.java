package io.initwatch.monitor.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.initwatch.monitor.rules.RuleThresholds;

/** Makes the configured thresholds injectable as the plain record the rules engine takes. */
@ApplicationScoped
public class RulesProducer {

    /** Singleton, not ApplicationScoped: a record is final and cannot be proxied. */
    @Produces
    @Singleton
    RuleThresholds thresholds(RulesConfig config) {
        return config.toThresholds();
    }
}
