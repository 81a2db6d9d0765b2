package io.initwatch.bench.score;

import java.util.ArrayList;
import java.util.List;

import io.initwatch.bench.corpus.Recording;
import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.Severity;
import io.initwatch.monitor.rules.RuleThresholds;
import io.initwatch.monitor.rules.RulesEngine;

/** The monitor's own plain-Java rules engine, with the thresholds it ships with; no broker. */
public final class InitwatchDetector implements Detector {

    private final RuleThresholds thresholds;

    public InitwatchDetector(RuleThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public String name() {
        return "initwatch";
    }

    @Override
    public List<Detection> detect(Recording recording) {
        return alerts(recording).stream().map(InitwatchDetector::detection).toList();
    }

    public List<Alert> alerts(Recording recording) {
        RulesEngine engine = new RulesEngine(thresholds, 1);
        List<Alert> alerts = new ArrayList<>();
        for (Object event : recording.events()) {
            if (event instanceof RunEvent e) {
                alerts.addAll(engine.onRunEvent(e));
            } else if (event instanceof EpochMetrics m) {
                alerts.addAll(engine.onMetrics(m));
            } else if (event instanceof LayerStats s) {
                alerts.addAll(engine.onLayers(s));
            }
        }
        return alerts;
    }

    static Detection detection(Alert a) {
        // raised from the run config alone, before any statistic (init-mismatch, symmetric-weights from the config):
        // configuration advice, reported on its own line
        boolean advice = a.epoch() == 0 && a.iteration() == null;
        return new Detection(a.rule(), a.severity().compareTo(Severity.WARNING) >= 0, advice, a.epoch(),
                a.iteration(), a.cause(), false, a.recommendation());
    }
}
