package io.initwatch.dashboard.stream;

import java.util.List;

import io.initwatch.events.LayerStats;

/**
 * A layer snapshot as the page draws it after pre-flight (gradient chart, heatmap, the repair view): each layer's
 * ‖∇W‖ and nothing else of the contract's {@link LayerStats}. Kept in this form too, so a run's history takes about
 * a tenth of the heap the full snapshots would (docs/benchmarks.md).
 *
 * @param epoch     epochs completed when measured
 * @param iteration iterations completed when measured
 * @param layers    input side first
 */
public record GradientNorms(int epoch, long iteration, List<Layer> layers) {

    /** @param gradientNorm may be non-finite; null when the producer could not measure it */
    public record Layer(int index, Double gradientNorm) {
    }

    static GradientNorms of(LayerStats stats) {
        return new GradientNorms(stats.epoch(), stats.iteration(),
                stats.layers().stream().map(l -> new Layer(l.index(), l.gradientNorm())).toList());
    }
}
