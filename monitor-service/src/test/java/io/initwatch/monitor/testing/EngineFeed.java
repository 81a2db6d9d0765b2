package io.initwatch.monitor.testing;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.rules.RulesEngine;

/** Feeds contract events to a {@link RulesEngine} and collects what it raises. */
public final class EngineFeed {
    private final RulesEngine engine;

    public EngineFeed() {
        this(RuleThresholds.defaults());
    }

    public EngineFeed(RuleThresholds thresholds) {
        this(new RulesEngine(thresholds, 10_000));
    }

    /** Feeds an engine of the caller's, e.g. one holding a restored run. */
    public EngineFeed(RulesEngine engine) {
        this.engine = engine;
    }

    public RulesEngine engine() {
        return engine;
    }

    public List<Alert> feed(Object... events) {
        return feed(List.of(events));
    }

    public List<Alert> feed(List<?> events) {
        List<Alert> alerts = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof RunEvent e) {
                alerts.addAll(engine.onRunEvent(e));
            } else if (event instanceof EpochMetrics e) {
                alerts.addAll(engine.onMetrics(e));
            } else if (event instanceof LayerStats e) {
                alerts.addAll(engine.onLayers(e));
            } else {
                throw new IllegalArgumentException("not a telemetry event: " + event);
            }
        }
        return alerts;
    }

    public static List<String> rules(List<Alert> alerts) {
        return alerts.stream().map(Alert::rule).toList();
    }
}
