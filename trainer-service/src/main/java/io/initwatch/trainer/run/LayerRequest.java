package io.initwatch.trainer.run;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One hidden layer in a per-layer run config; a missing field falls back to the run's value. */
@Schema(description = "One hidden layer; missing fields fall back to the run's width/activation/weightInit/initScale")
public record LayerRequest(
        @Schema(examples = "32") Integer width,
        @Schema(examples = "tanh") String activation,
        @Schema(examples = "xavier-normal") String weightInit,
        Double initScale) {
}
