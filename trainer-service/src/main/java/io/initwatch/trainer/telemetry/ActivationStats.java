package io.initwatch.trainer.telemetry;

/** What one layer's outputs look like on the probe batch. */
public record ActivationStats(double mean, double std, double zeroFraction, double saturatedFraction,
        double unitSpread) {
}
