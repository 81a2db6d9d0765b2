package io.initwatch.monitor.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.monitor.rules.RulesEngine;

/**
 * Hands one decoded, bounded event to the rules. A bean of its own so tests can make the rules fail the way
 * the worst record would (an {@link Error} thrown mid-evaluation) without sending such a record.
 */
@ApplicationScoped
public class RuleEvaluation {

    public List<Alert> evaluate(RulesEngine engine, Object event) {
        if (event instanceof EpochMetrics m) {
            return engine.onMetrics(m);
        } else if (event instanceof LayerStats s) {
            return engine.onLayers(s);
        }
        return engine.onRunEvent((RunEvent) event);
    }
}
