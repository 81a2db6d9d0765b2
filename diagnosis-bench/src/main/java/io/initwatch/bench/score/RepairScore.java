package io.initwatch.bench.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.initwatch.bench.corpus.CorpusCase;
import io.initwatch.bench.corpus.CorpusGrid;
import io.initwatch.bench.corpus.Recording;
import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerPrescription;
import io.initwatch.events.StopPolicy;

/**
 * What acting on initwatch's alerts would have done on the corpus (issue 12's closed loop), with no retraining:
 * <ul>
 * <li><b>stop</b>: a run stopped at its first alert that meets the default policy ({@link StopPolicy#DEFAULT}) saves
 * the training time after that alert's evidence;</li>
 * <li><b>repair</b>: the repair run is the same model, data and seed under the first alert's per-layer
 * prescription. Where that prescription gives every wrongly initialized layer its textbook initializer and leaves
 * the others as they are, the repair run is exactly the recorded reference run of the same seed, so its label says
 * whether the repair worked. Other prescriptions (a learning rate, a partial change) have no recorded repair run
 * and are counted as unknown rather than guessed.</li>
 * </ul>
 */
final class RepairScore {

    int badRuns;
    int stopped;
    double secondsTrained;
    double secondsSaved;
    final List<Double> savedShare = new ArrayList<>();
    int repairable;
    int repaired;
    int unknown;

    static RepairScore of(List<Recording> recordings, Map<String, Label> labels, InitwatchDetector initwatch) {
        Map<String, Recording> references = new HashMap<>();
        for (Recording r : recordings) {
            if (r.corpusCase().reference()) {
                references.put(r.corpusCase().group() + "|" + r.corpusCase().seed(), r);
            }
        }
        RepairScore s = new RepairScore();
        for (Recording r : recordings) {
            Label label = labels.get(r.corpusCase().id());
            if (label.outcome() != Label.Outcome.BAD) {
                continue;
            }
            s.badRuns++;
            List<Alert> alerts = initwatch.alerts(r);
            double total = totalSeconds(r);
            s.secondsTrained += total;
            alerts.stream().filter(a -> StopPolicy.DEFAULT.stopsOn(a.severity())).findFirst().ifPresent(stop -> {
                double before = Scorecard.trainingSecondsBefore(r, InitwatchDetector.detection(stop));
                s.stopped++;
                s.secondsSaved += Math.max(0, total - before);
                s.savedShare.add(total > 0 ? Math.max(0, total - before) / total : 0);
            });
            Alert prescribing = alerts.stream().filter(a -> a.prescription() != null
                    && !a.prescription().changes().isEmpty()).findFirst().orElse(null);
            Recording reference = references.get(r.corpusCase().referenceGroup() + "|" + r.corpusCase().seed());
            if (prescribing != null && reference != null && r.corpusCase().control() == null
                    && becomesTheReference(r.corpusCase(), prescribing.prescription().changes())) {
                s.repairable++;
                Label repairedLabel = labels.get(reference.corpusCase().id());
                s.repaired += repairedLabel.outcome() == Label.Outcome.HEALTHY ? 1 : 0;
            } else {
                s.unknown++;
            }
        }
        return s;
    }

    /** Whether applying the changes turns every hidden layer's initializer into its textbook one. */
    static boolean becomesTheReference(CorpusCase c, List<LayerPrescription> changes) {
        Map<Integer, String> prescribed = new HashMap<>();
        changes.forEach(l -> prescribed.put(l.index(), l.weightInit()));
        for (int i = 0; i < c.hidden().size(); i++) {
            CorpusCase.Layer layer = c.hidden().get(i);
            String textbook = CorpusGrid.textbook(layer.activation());
            String after = prescribed.getOrDefault(i, layer.init());
            if (!after.equals(textbook)) {
                return false;
            }
        }
        return true;
    }

    private static double totalSeconds(Recording r) {
        return r.metrics().stream().mapToLong(EpochMetrics::epochTimeMs).sum() / 1000.0;
    }

    String markdown() {
        return DiagnosisBenchmark.fmt("""
                ### Acting on the alerts (held-out half, initwatch)

                | | |
                |---|---|
                | bad runs stopped at their first CRITICAL (the default `onAlert`) | %s |
                | training time saved by stopping there | %.0f of %.0f s (%.0f %%); median per stopped run %.0f %% |
                | bad runs whose repair run (the first alert's per-layer prescription) is in the corpus | %d; %d with a run-level or partial prescription (no recorded repair) |
                | … of which the repair run is healthy | %s |

                AutoTrainer reports 97.33 %% of its problem models repaired at 1.19× the training time; here the repair
                is one retraining from scratch with the prescribed initializers, and the time saved by stopping is what
                the broken run would have spent after the alert.
                """, Report.pct(Scorecard.ratio(stopped, badRuns), stopped, badRuns), secondsSaved, secondsTrained,
                secondsTrained == 0 ? 0 : 100 * secondsSaved / secondsTrained,
                100 * Scorecard.median(savedShare), repairable, unknown,
                Report.pct(Scorecard.ratio(repaired, repairable), repaired, repairable));
    }
}
