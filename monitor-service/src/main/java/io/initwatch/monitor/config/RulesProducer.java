package io.initwatch.monitor.config;

import java.util.List;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.rules.Threshold;

/**
 * Makes the configured thresholds injectable as the plain record the rules engine takes. The thresholds are
 * declared once, in the framework-free rules core ({@link RuleThresholds#DEFINITIONS}); this only looks each key up
 * in MicroProfile Config (so {@code INITWATCH_RULES_FLAT_LOSS_WINDOW_EPOCHS} works as usual) and fails the start-up
 * with every problem named: a bad value, or a key under {@code initwatch.rules.} that is no threshold (a typo would
 * otherwise be ignored in silence).
 */
@ApplicationScoped
public class RulesProducer {

    /** Singleton, not ApplicationScoped: a record is final and cannot be proxied. */
    @Produces
    @Singleton
    RuleThresholds thresholds(Config config) {
        List<String> unknown = StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(Threshold.PREFIX))
                .filter(name -> RuleThresholds.definition(name.substring(Threshold.PREFIX.length())).isEmpty())
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown rule thresholds " + unknown + "; the thresholds are listed in"
                    + " docs/alerts.md and by GET /api/rules");
        }
        return RuleThresholds.from(key -> config.getOptionalValue(Threshold.PREFIX + key, String.class));
    }
}
