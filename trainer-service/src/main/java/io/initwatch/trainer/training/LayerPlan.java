package io.initwatch.trainer.training;

import io.initwatch.events.Activation;
import io.initwatch.events.WeightInit;

/** One hidden layer as validated: width, activation and how its weights start. */
public record LayerPlan(int width, Activation activation, WeightInit weightInit, Double initScale) {
}
