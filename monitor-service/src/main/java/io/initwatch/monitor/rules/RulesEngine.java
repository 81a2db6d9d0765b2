package io.initwatch.monitor.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.RunEventType;
import io.initwatch.events.StatsPhase;

/**
 * Feeds each run's events to every rule and returns the alerts they raise. Each condition fires at most once
 * per run, and duplicate events (redeliveries) change nothing. Not thread-safe: one engine per partition,
 * driven by one thread at a time.
 */
public final class RulesEngine {
    private final RuleThresholds thresholds;
    private final List<Rule> rules;
    private final Map<String, RunState> runs;

    /**
     * @param maxRuns runs remembered at once; beyond it the least recently active run is forgotten (its
     *                alerts have been published; the publisher's ledger keeps them from repeating)
     */
    public RulesEngine(RuleThresholds thresholds, int maxRuns) {
        this(thresholds, maxRuns, runId -> {
        });
    }

    /** @param forgotten told the id of each run forgotten to stay within {@code maxRuns} */
    public RulesEngine(RuleThresholds thresholds, int maxRuns, Consumer<String> forgotten) {
        this.thresholds = thresholds;
        this.rules = standardRules(thresholds);
        this.runs = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RunState> eldest) {
                if (size() > maxRuns) {
                    forgotten.accept(eldest.getKey());
                    return true;
                }
                return false;
            }
        };
    }

    public static List<Rule> standardRules(RuleThresholds t) {
        return List.of(
                new NonFiniteRule(t),
                new FlatLossRule(t),
                new DivergingLossRule(t),
                new ErraticValidationLossRule(t),
                new OverfittingRule(t.overfitting()),
                new ExplodingGradientsRule(t),
                new VanishingGradientsRule(t),
                new VarianceNotPreservedRule(t),
                new SymmetricWeightsRule(t),
                new DeadReluRule(t),
                new SaturatedActivationsRule(t),
                new UpdateRatioRule(t),
                new InitMismatchRule(t));
    }

    public RuleThresholds thresholds() {
        return thresholds;
    }

    public List<Alert> onRunEvent(RunEvent event) {
        RunState run = run(event.runId(), event.experimentId());
        if (event.type() != RunEventType.STARTED || event.config() == null || run.config().isPresent()) {
            return List.of();
        }
        run.config(event.config());
        Sink sink = new Sink(run);
        for (Rule rule : rules) {
            rule.onConfig(run, event.config(), event.timestampMs(), sink);
        }
        return sink.alerts;
    }

    public List<Alert> onMetrics(EpochMetrics metrics) {
        RunState run = run(metrics.runId(), metrics.experimentId());
        if (!run.recordEpoch(metrics.epoch(), metrics.trainLoss(), metrics.validationLoss())) {
            return List.of();
        }
        Sink sink = new Sink(run);
        for (Rule rule : rules) {
            rule.onMetrics(run, metrics, sink);
        }
        return sink.alerts;
    }

    public List<Alert> onLayers(LayerStats stats) {
        RunState run = run(stats.runId(), stats.experimentId());
        if (!run.acceptLayers(stats.phase(), stats.iteration())) {
            return List.of();
        }
        if (stats.phase() == StatsPhase.PREFLIGHT) {
            rememberFirstLayer(run, stats);
        }
        Sink sink = new Sink(run);
        for (Rule rule : rules) {
            rule.onLayers(run, stats, sink);
        }
        return sink.alerts;
    }

    /** The pre-flight loudness of the first hidden layer, which tells unscaled inputs from a bad initializer. */
    private static void rememberFirstLayer(RunState run, LayerStats stats) {
        int last = LayerFacts.lastIndex(stats);
        LayerStat first = null;
        for (LayerStat layer : stats.layers()) {
            if (layer.index() != last && (first == null || layer.index() < first.index())) {
                first = layer;
            }
        }
        if (first != null && LayerFacts.finite(first.activationStd())) {
            run.preflightFirstLayerActivationStd(first.activationStd());
        }
    }

    public Optional<RunState> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** Puts a run's saved state back (see {@link RunStateCodec}), replacing whatever the engine had for it. */
    public void restore(RunState run) {
        runs.put(run.runId(), run);
    }

    public int runCount() {
        return runs.size();
    }

    private RunState run(String runId, String experimentId) {
        RunState run = runs.computeIfAbsent(runId, RunState::new);
        run.experimentId(experimentId);
        return run;
    }

    private static final class Sink implements AlertSink {
        private final RunState run;
        private List<Alert> alerts = List.of();

        Sink(RunState run) {
            this.run = run;
        }

        @Override
        public boolean fired(String rule, String conditionKey) {
            return run.hasFired(rule, conditionKey);
        }

        @Override
        public void raise(AlertDraft draft) {
            if (run.markFired(draft.rule(), draft.conditionKey())) {
                if (alerts.isEmpty()) {
                    alerts = new ArrayList<>(2);
                }
                alerts.add(draft.toAlert(run.runId(), run.experimentId()));
            }
        }
    }
}
