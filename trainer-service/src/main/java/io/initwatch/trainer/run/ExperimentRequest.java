package io.initwatch.trainer.run;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The same model trained under several initializations (and seeds), one run per combination. */
@Schema(description = "One run per (weightInit, seed) pair, all sharing the base config and one experimentId")
public record ExperimentRequest(
        @Schema(examples = "relu depth 30") String name,
        RunRequest base,
        @Schema(description = "Default: zeros, small-normal, standard-normal, xavier-normal, he-normal") List<String> weightInits,
        @Schema(description = "Default: the base seed") List<Long> seeds) {

    public static final List<String> DEFAULT_WEIGHT_INITS = List.of("zeros", "small-normal", "standard-normal",
            "xavier-normal", "he-normal");
}
