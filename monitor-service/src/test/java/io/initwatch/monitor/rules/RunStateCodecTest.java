package io.initwatch.monitor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStats;
import io.initwatch.events.RunEvent;
import io.initwatch.monitor.testing.EngineFeed;
import io.initwatch.monitor.testing.RecordedRuns;
import io.initwatch.monitor.testing.SyntheticRuns;

/**
 * A run's state saved and restored at any point of the run makes the rules raise exactly what they raise on the
 * uninterrupted run: the same alerts, with the same ids and words, none twice. That is what a monitor restarted
 * from its state topic must do.
 */
class RunStateCodecTest {
    private static final String[] RECORDED = {"relu-he-normal", "relu-small-normal", "relu-standard-normal",
            "relu-xavier-normal", "relu-zeros", "tanh-he-normal", "tanh-small-normal", "tanh-standard-normal",
            "tanh-xavier-normal", "tanh-zeros"};

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (String name : RECORDED) {
            runs.add(Arguments.of(name, RecordedRuns.events(name)));
        }
        SyntheticRuns.all("codec-").forEach(run -> runs.add(Arguments.of(run.runId(), run.events())));
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void aRunRestoredAtAnyPointRaisesWhatTheUninterruptedRunRaises(String name, List<Object> events) {
        List<Alert> uninterrupted = feed(new RulesEngine(RuleThresholds.defaults(), 100), events);
        for (int cut = 1; cut < events.size(); cut++) {
            RulesEngine before = new RulesEngine(RuleThresholds.defaults(), 100);
            List<Alert> alerts = new ArrayList<>(feed(before, events.subList(0, cut)));
            RulesEngine after = new RulesEngine(RuleThresholds.defaults(), 100);
            String runId = runId(events.get(0));
            before.run(runId).ifPresent(run -> after.restore(RunStateCodec.decode(RunStateCodec.encode(run),
                    100_000, 1_000)));
            alerts.addAll(feed(after, events.subList(cut, events.size())));
            assertThat(alerts).as("%s restored after %d of %d events", name, cut, events.size())
                    .isEqualTo(uninterrupted);
        }
    }

    @Test
    void aStateIsRefusedWhenItIsCorruptOrBeyondTheLimits() {
        List<Object> events = RecordedRuns.events("relu-he-normal");
        RulesEngine engine = new RulesEngine(RuleThresholds.defaults(), 100);
        feed(engine, events);
        byte[] saved = RunStateCodec.encode(engine.run(runId(events.get(0))).orElseThrow());

        assertThatThrownBy(() -> RunStateCodec.decode(Arrays.copyOf(saved, saved.length - 3), 100_000, 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> RunStateCodec.decode(saved, 3, 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last epoch");
        byte[] otherVersion = saved.clone();
        otherVersion[0] = 99;
        assertThatThrownBy(() -> RunStateCodec.decode(otherVersion, 100_000, 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 99");
        byte[] trailing = Arrays.copyOf(saved, saved.length + 3);
        assertThatThrownBy(() -> RunStateCodec.decode(trailing, 100_000, 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the run state");
    }

    private static List<Alert> feed(RulesEngine engine, List<Object> events) {
        return new EngineFeed(engine).feed(events);
    }

    private static String runId(Object event) {
        return event instanceof RunEvent e ? e.runId()
                : event instanceof EpochMetrics m ? m.runId() : ((LayerStats) event).runId();
    }
}
