package io.initwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.initwatch.bench.corpus.CorpusCase;
import io.initwatch.bench.corpus.CorpusGenerator;
import io.initwatch.bench.corpus.CorpusGrid;
import io.initwatch.bench.corpus.Recording;
import io.initwatch.bench.score.DiagnosisBenchmark;
import io.initwatch.events.RunEventType;

/** The corpus generator's smoke mode: real DL4J training of a tiny grid, recorded, resumed, labeled and scored. */
class CorpusSmokeTest {

    @Test
    void aTinyCorpusIsTrainedRecordedResumedAndScored(@TempDir Path out) throws Exception {
        List<CorpusCase> cases = CorpusGrid.cases(CorpusGenerator.GRID_SEED, CorpusGrid.smoke());
        assertEquals(cases.size(), CorpusGenerator.generate(cases, out, 1, false));
        assertEquals(0, CorpusGenerator.generate(cases, out, 1, false), "a second run resumes: nothing left to train");

        List<Recording> recordings = DiagnosisBenchmark.load(out.resolve("runs"));
        assertEquals(cases.size(), recordings.size());
        for (Recording r : recordings) {
            assertEquals(RunEventType.STARTED, r.runEvents().get(0).type(), r.corpusCase().id());
            assertTrue(r.runEvents().get(r.runEvents().size() - 1).type().isTerminal(), r.corpusCase().id());
            assertTrue(r.chanceLoss() > 0, "chance loss of " + r.corpusCase().id());
            assertTrue(!r.metrics().isEmpty() && r.metrics().size() <= r.corpusCase().epochs(),
                    "one EpochMetrics per epoch trained: " + r.corpusCase().id());
            assertTrue(r.layerStats().stream().anyMatch(s -> s.phase() == io.initwatch.events.StatsPhase.PREFLIGHT),
                    "a pre-flight snapshot: " + r.corpusCase().id());
        }
        DiagnosisBenchmark.Result result = DiagnosisBenchmark.run(recordings);
        assertEquals(cases.size(), result.labels().size(), "every run labeled");
        assertTrue(result.markdown().contains("| recall on bad runs"), result.markdown());
    }
}
