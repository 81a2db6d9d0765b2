package io.initwatch.monitor.rules;

import static io.initwatch.monitor.testing.EngineFeed.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.events.Severity;
import io.initwatch.monitor.testing.EngineFeed;
import io.initwatch.monitor.testing.SyntheticRuns.SyntheticRun;
import io.initwatch.monitor.testing.SyntheticRuns;
import io.initwatch.monitor.testing.TelemetryEvents;

class RulesEngineTest {

    static List<SyntheticRun> runs() {
        return SyntheticRuns.all("engine");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void eachSyntheticRunRaisesExactlyItsExpectedAlerts(SyntheticRun run) {
        List<Alert> alerts = new EngineFeed().feed(run.events());
        assertThat(rules(alerts)).doesNotHaveDuplicates();
        assertThat(Set.copyOf(rules(alerts))).isEqualTo(run.expectedRules());
        assertThat(alerts).allSatisfy(alert -> {
            assertThat(alert.runId()).isEqualTo(run.runId());
            assertThat(alert.diagnosis()).isNotBlank();
            assertThat(alert.recommendation()).isNotBlank();
        });
    }

    @Test
    void healthyRunsRaiseNothingOfWarningOrAbove() {
        for (SyntheticRun run : List.of(SyntheticRuns.healthyHeRelu("h1"), SyntheticRuns.healthyGlorotTanh("h2"),
                SyntheticRuns.overfitting("h3"))) {
            assertThat(new EngineFeed().feed(run.events()))
                    .allSatisfy(alert -> assertThat(alert.severity()).isEqualTo(Severity.INFO));
        }
    }

    @ParameterizedTest
    @MethodSource("runs")
    void howTheThreeTopicsInterleaveDoesNotChangeWhichAlertsFire(SyntheticRun run) {
        Set<String> inOrder = ids(new EngineFeed().feed(run.events()));
        Random random = new Random(7);
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(ids(new EngineFeed().feed(interleave(run.events(), random)))).isEqualTo(inOrder);
        }
    }

    @ParameterizedTest
    @MethodSource("runs")
    void redeliveredEventsRaiseNothingNew(SyntheticRun run) {
        EngineFeed feed = new EngineFeed();
        List<Alert> first = feed.feed(run.events());
        assertThat(feed.feed(run.events())).isEmpty();
        List<Object> half = run.events().subList(0, run.events().size() / 2);
        assertThat(feed.feed(half)).isEmpty();
        assertThat(first).extracting(Alert::alertId).doesNotHaveDuplicates();
    }

    @Test
    void alertIdsAreTheSameWhicheverEngineSeesTheRunAndDifferAcrossRuns() {
        SyntheticRun a = SyntheticRuns.lecunDeepRelu("same");
        assertThat(ids(new EngineFeed().feed(a.events()))).isEqualTo(ids(new EngineFeed().feed(a.events())));
        SyntheticRun b = SyntheticRuns.lecunDeepRelu("other");
        assertThat(ids(new EngineFeed().feed(a.events()))).doesNotContainAnyElementsOf(ids(new EngineFeed().feed(b.events())));
    }

    @Test
    void alertsCarryTheEventTimeSoAReplayProducesTheSameAlert() {
        SyntheticRun run = SyntheticRuns.nanFromStart("replay");
        assertThat(new EngineFeed().feed(run.events())).isEqualTo(new EngineFeed().feed(run.events()));
    }

    @Test
    void theDeepOneOverNInRunSaysWhatToChangeWithTheLayersNumbers() {
        List<Alert> alerts = new EngineFeed().feed(SyntheticRuns.lecunDeepRelu("numbers").events());
        Alert vanishing = alerts.stream().filter(a -> a.rule().equals("vanishing-gradients")).findFirst().orElseThrow();
        assertThat(vanishing.layers()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        // the fix names every layer the config initializes wrongly, not only those whose gradients vanished yet
        assertThat(vanishing.recommendation())
                .contains("layers 1–29 (relu, n_in = 64, n_out = 64, now lecun-normal σ² = 1/64 = 0.0156): use He,"
                        + " σ² = 2/64 = 0.0313");
        assertThat(vanishing.cause()).isEqualTo(io.initwatch.events.Cause.INIT_MISMATCH);
        assertThat(vanishing.diagnosis()).contains("1.00e-06× the last layer's");
    }

    @Test
    void forgetsTheLeastRecentlyActiveRunBeyondItsCapacity() {
        RulesEngine engine = new RulesEngine(RuleThresholds.defaults(), 2);
        for (String id : List.of("a", "b", "c")) {
            engine.onMetrics(TelemetryEvents.metrics(id, 1, 0.7, null));
        }
        assertThat(engine.runCount()).isEqualTo(2);
        assertThat(engine.run("a")).isEmpty();
    }

    private static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).collect(Collectors.toSet());
    }

    /** Keeps each topic's own order (as Kafka does per partition) but shuffles how the topics interleave. */
    static List<Object> interleave(List<Object> events, Random random) {
        List<List<Object>> streams = List.of(
                events.stream().filter(RunEvent.class::isInstance).collect(Collectors.toCollection(ArrayList::new)),
                events.stream().filter(EpochMetrics.class::isInstance).collect(Collectors.toCollection(ArrayList::new)),
                events.stream().filter(LayerStats.class::isInstance).collect(Collectors.toCollection(ArrayList::new)));
        List<Integer> picks = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            picks.addAll(Collections.nCopies(streams.get(s).size(), s));
        }
        Collections.shuffle(picks, random);
        int[] next = new int[streams.size()];
        List<Object> merged = new ArrayList<>();
        for (int s : picks) {
            merged.add(streams.get(s).get(next[s]++));
        }
        return merged;
    }
}
