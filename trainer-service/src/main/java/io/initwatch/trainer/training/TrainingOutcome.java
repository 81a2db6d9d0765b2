package io.initwatch.trainer.training;

import io.initwatch.events.RunEventType;

/** How a run ended: the terminal event type, epochs completed, and the reason published with it. */
public record TrainingOutcome(RunEventType type, int epochsCompleted, String reason) {
}
