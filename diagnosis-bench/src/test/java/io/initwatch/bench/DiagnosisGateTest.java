package io.initwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.initwatch.bench.corpus.Recording;
import io.initwatch.bench.score.DiagnosisBenchmark;
import io.initwatch.bench.score.DiagnosisBenchmark.Half;
import io.initwatch.bench.score.Scorecard;

/**
 * The regression gate: the monitor's rules, as they ship, replayed over the checked-in held-out recordings of the
 * corpus (no broker, no training), must still reach the figures {@code docs/diagnosis-benchmark.md} publishes in
 * its gate block. Loosen or break a rule and this fails.
 */
class DiagnosisGateTest {
    static final Path FIXTURES = Path.of("src/test/resources/corpus/runs");
    static final Path DOC = Path.of("../docs/diagnosis-benchmark.md");

    @Test
    void theRulesStillReachThePublishedHeldOutFigures() throws IOException {
        List<Recording> recordings = DiagnosisBenchmark.load(FIXTURES);
        assertFalse(recordings.isEmpty(), "no fixtures under " + FIXTURES.toAbsolutePath());
        assertTrue(recordings.stream().allMatch(r -> Half.of(r.corpusCase().referenceGroup()) == Half.HELD_OUT),
                "the fixtures are the held-out half only");
        Map<String, Double> gate = gate();
        Scorecard c = DiagnosisBenchmark.run(recordings).initwatch(Half.HELD_OUT);
        System.out.printf("gate over %d held-out recordings: recall %.4f, false alarms %.4f, right cause %.4f,"
                + " before the first update %.4f, contradictions %d, self-prescriptions %d%n", recordings.size(),
                c.recall(), c.falseAlarmRate(), c.rightCause(), c.beforeFirstUpdate(), c.contradictions,
                c.selfPrescriptions);
        assertTrue(c.recall() >= gate.get("min-recall"), "recall on bad runs " + c.recall() + " < " + gate.get("min-recall"));
        assertTrue(c.falseAlarmRate() <= gate.get("max-false-alarms"),
                "false alarms on healthy runs " + c.falseAlarmRate() + " > " + gate.get("max-false-alarms")
                        + ": " + c.falseAlarmExamples);
        assertTrue(c.rightCause() >= gate.get("min-right-cause"),
                "first alert names the right cause " + c.rightCause() + " < " + gate.get("min-right-cause"));
        assertTrue(c.beforeFirstUpdate() >= gate.get("min-before-first-update"),
                "initialization faults flagged before the first update " + c.beforeFirstUpdate() + " < "
                        + gate.get("min-before-first-update"));
        assertEquals(0, c.contradictions, "runs with both a vanishing and an exploding diagnosis");
        assertEquals(0, c.selfPrescriptions, "prescriptions of the variance a layer already has");
    }

    /** The gate block of the doc: {@code min-recall = 0.97} lines inside a fenced block tagged {@code gate}. */
    static Map<String, Double> gate() throws IOException {
        String doc = Files.readString(DOC);
        Matcher block = Pattern.compile("```gate\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(block.find(), DOC + " has no ```gate block");
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher line = Pattern.compile("([a-z-]+)\\s*=\\s*([0-9.]+)").matcher(block.group(1));
        while (line.find()) {
            values.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        for (String key : List.of("min-recall", "max-false-alarms", "min-right-cause", "min-before-first-update")) {
            assertTrue(values.containsKey(key), "the gate block lacks " + key);
        }
        return values;
    }
}
