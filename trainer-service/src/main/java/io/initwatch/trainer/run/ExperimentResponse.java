package io.initwatch.trainer.run;

import java.util.List;

public record ExperimentResponse(String experimentId, List<String> runIds) {
}
