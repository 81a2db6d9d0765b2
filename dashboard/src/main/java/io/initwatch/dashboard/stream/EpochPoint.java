package io.initwatch.dashboard.stream;

import io.initwatch.events.EpochMetrics;

/**
 * One epoch as the page draws it (loss and accuracy charts, the epochs table, the comparison): the contract's
 * {@link EpochMetrics} without what only the CSV export needs (iteration, epoch time, timestamps, ids).
 */
public record EpochPoint(int epoch, double trainLoss, Double validationLoss, Double trainAccuracy,
        Double validationAccuracy) {

    static EpochPoint of(EpochMetrics m) {
        return new EpochPoint(m.epoch(), m.trainLoss(), m.validationLoss(), m.trainAccuracy(), m.validationAccuracy());
    }
}
