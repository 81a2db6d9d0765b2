package io.initwatch.dashboard.stream;

import java.util.List;
import java.util.Map;

import io.initwatch.events.Alert;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerPrescription;
import io.initwatch.events.LayerSpec;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.Prescription;
import io.initwatch.events.RunConfig;

/**
 * The heap a run's history keeps, estimated from the shapes of the objects it holds on a 64-bit HotSpot JVM with
 * compressed references: 12-byte headers, 4-byte references, 8-byte alignment, so a boxed Double takes 24 bytes
 * and a Latin-1 string 24 bytes plus its array. Counting fields is cheap enough for every event, where measuring
 * the heap is not; strings shared between events (run ids) are counted for each, so it errs high.
 * HistoryStoreBenchmark compares it with the heap runs really take.
 */
final class RetainedSize {
    private static final long HEADER = 12;
    private static final long REF = 4;
    private static final long BOXED = 24;
    /** A map entry (key, value, links) with a boxed key: what a {@link ThinnedSeries} pays per point. */
    static final long SERIES_ENTRY = align(HEADER + 5 * REF + 1) + BOXED;
    /** A run's own bookkeeping: its summary fields, three series, the alerts' map, its entry in the store. */
    static final long RUN = 1024;

    private RetainedSize() {
    }

    static long of(EpochMetrics m) {
        return align(HEADER + 4 + 2 * REF + 4 + 8 + 8 + 3 * REF + 2 * 8) + string(m.runId()) + string(m.experimentId())
                + boxed(m.validationLoss()) + boxed(m.trainAccuracy()) + boxed(m.validationAccuracy());
    }

    static long of(GradientNorms g) {
        long layers = 0;
        for (GradientNorms.Layer layer : g.layers()) {
            layers += align(HEADER + 4 + REF) + boxed(layer.gradientNorm());
        }
        return align(HEADER + 4 + 8 + REF) + list(g.layers()) + layers;
    }

    static long of(LayerStats s) {
        long layers = 0;
        for (LayerStat l : s.layers()) {
            layers += align(HEADER + 4 + 13 * REF) + string(l.name()) + string(l.activation())
                    + boxed(l.gradientNorm()) + boxed(l.biasGradientNorm()) + boxed(l.weightNorm())
                    + boxed(l.weightMean()) + boxed(l.weightStd()) + boxed(l.updateRatio())
                    + boxed(l.activationMean()) + boxed(l.activationStd()) + boxed(l.zeroFraction())
                    + boxed(l.saturatedFraction()) + boxed(l.unitSpread());
        }
        return align(HEADER + 4 + 3 * REF + 4 + 8 + REF + 8) + string(s.runId()) + string(s.experimentId())
                + list(s.layers()) + layers;
    }

    static long of(RunConfig c) {
        if (c == null) {
            return 0;
        }
        long layers = 0;
        for (LayerSpec l : c.layers()) {
            layers += align(HEADER + 4 + 5 * REF + 8) + string(l.name()) + string(l.type()) + string(l.activation())
                    + string(l.weightInit()) + boxed(l.initScale());
        }
        long tags = 0;
        for (Map.Entry<String, String> tag : c.tags().entrySet()) {
            tags += 2 * REF + string(tag.getKey()) + string(tag.getValue());
        }
        long repairOf = c.repairOf() == null ? 0
                : align(HEADER + 3 * REF + 4 + REF) + string(c.repairOf().runId()) + string(c.repairOf().alertId())
                        + string(c.repairOf().rule()) + boxed(c.repairOf().trainLoss());
        return align(HEADER + 5 * REF + 8 + 2 * REF + 8 + 4 + 4 + 8 + 5 * REF) + string(c.runId())
                + string(c.experimentId()) + string(c.experimentName()) + string(c.runName()) + string(c.dataset())
                + string(c.optimizer()) + string(c.lossFunction()) + string(c.framework()) + string(c.onAlert())
                + list(c.layers()) + layers + align(HEADER + 4 + REF * 2L * c.tags().size()) + tags + repairOf;
    }

    static long of(Alert a) {
        long evidence = 0;
        for (String name : a.evidence().keySet()) {
            evidence += align(HEADER + 4 + 4 * REF) + string(name) + BOXED;
        }
        return align(HEADER + 4 + 4 * REF + REF + 4 + REF + REF + 3 * REF + 2 * REF + 8 + REF)
                + string(a.alertId()) + string(a.runId()) + string(a.experimentId()) + string(a.rule())
                + string(a.title()) + string(a.diagnosis()) + string(a.recommendation()) + boxed(a.iteration())
                + list(a.layers()) + a.layers().size() * 16L
                + (a.evidence().isEmpty() ? 0 : 80 + align(16 + REF * 2L * a.evidence().size()) + evidence)
                + of(a.prescription());
    }

    private static long of(Prescription p) {
        if (p == null) {
            return 0;
        }
        long layers = 0;
        for (LayerPrescription l : p.layers()) {
            layers += align(HEADER + 4 + 9 * REF + 1) + string(l.activation()) + string(l.currentInit())
                    + string(l.weightInit()) + string(l.uniformInit()) + boxed(l.nIn()) + boxed(l.nOut())
                    + boxed(l.variance()) + boxed(l.uniformLimit());
        }
        long run = p.run() == null ? 0
                : align(HEADER + 4 * REF) + string(p.run().change()) + string(p.run().parameter())
                        + boxed(p.run().current()) + boxed(p.run().suggested());
        return align(HEADER + 2 * REF) + list(p.layers()) + layers + run;
    }

    static long string(String s) {
        return s == null ? 0 : 24 + align(16 + s.length());
    }

    private static long boxed(Object value) {
        return value == null ? 0 : BOXED;
    }

    /** An immutable list and its array. */
    private static long list(List<?> items) {
        return 16 + align(16 + REF * items.size());
    }

    private static long align(long bytes) {
        return (bytes + 7) / 8 * 8;
    }
}
