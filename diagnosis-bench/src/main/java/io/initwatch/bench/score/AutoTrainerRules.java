package io.initwatch.bench.score;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initwatch.bench.corpus.Recording;
import io.initwatch.events.Activation;
import io.initwatch.events.Cause;
import io.initwatch.events.EpochMetrics;
import io.initwatch.events.LayerStat;
import io.initwatch.events.LayerStats;
import io.initwatch.events.StatsPhase;

/**
 * AutoTrainer's (ICSE 2021) published problem checks, at its published thresholds, on the same recordings:
 * checked every 3 epochs on the end-of-epoch gradients; vanishing when the first layer's gradient norm is below
 * 1e-3 of the last layer's and below 1e-4; exploding when it is above 70× the last layer's, or the loss is NaN;
 * dying ReLU when ≥ 70 % of a ReLU layer's outputs are zero (AutoTrainer counts zero gradients; the contract
 * carries zero activations, which give a ReLU unit a zero gradient).
 */
public final class AutoTrainerRules implements Detector {
    static final int CHECK_EVERY_EPOCHS = 3;
    static final double VANISHING_RATIO = 1e-3;
    static final double VANISHING_FIRST_NORM = 1e-4;
    static final double EXPLODING_RATIO = 70;
    static final double DYING_RELU_FRACTION = 0.7;

    @Override
    public String name() {
        return "AutoTrainer (published)";
    }

    @Override
    public List<Detection> detect(Recording recording) {
        Map<String, Detection> fired = new LinkedHashMap<>();
        for (Object event : recording.events()) {
            if (event instanceof EpochMetrics m && !Double.isFinite(m.trainLoss())) {
                fire(fired, "exploding-gradient", m.epoch(), m.iteration(), Cause.EXPLODING);
            } else if (event instanceof LayerStats s && s.phase() == StatsPhase.EPOCH
                    && s.epoch() % CHECK_EVERY_EPOCHS == 0) {
                check(s, fired);
            }
        }
        return List.copyOf(fired.values());
    }

    private static void check(LayerStats s, Map<String, Detection> fired) {
        List<LayerStat> layers = s.layers().stream().sorted(java.util.Comparator.comparingInt(LayerStat::index)).toList();
        if (layers.size() < 2) {
            return;
        }
        Double first = layers.get(0).gradientNorm();
        Double last = layers.get(layers.size() - 1).gradientNorm();
        if (first != null && last != null && Double.isFinite(first) && Double.isFinite(last) && last > 0) {
            double ratio = first / last;
            if (ratio < VANISHING_RATIO && first < VANISHING_FIRST_NORM) {
                fire(fired, "vanishing-gradient", s.epoch(), s.iteration(), Cause.VANISHING);
            }
            if (ratio > EXPLODING_RATIO) {
                fire(fired, "exploding-gradient", s.epoch(), s.iteration(), Cause.EXPLODING);
            }
        }
        for (LayerStat l : layers.subList(0, layers.size() - 1)) {
            boolean relu = Activation.parse(l.activation()).map(a -> a.family() == Activation.Family.RELU).orElse(false);
            if (relu && l.zeroFraction() != null && l.zeroFraction() >= DYING_RELU_FRACTION) {
                fire(fired, "dying-relu", s.epoch(), s.iteration(), null);
            }
        }
    }

    private static void fire(Map<String, Detection> fired, String rule, int epoch, Long iteration, Cause cause) {
        fired.putIfAbsent(rule, new Detection(rule, true, false, epoch, iteration, cause, false, null));
    }
}
