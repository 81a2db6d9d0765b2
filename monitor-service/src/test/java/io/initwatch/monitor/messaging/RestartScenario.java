package io.initwatch.monitor.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.initwatch.monitor.testing.SyntheticRuns.SyntheticRun;
import io.initwatch.monitor.testing.SyntheticRuns;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A deep 1/n_in ReLU run whose monitor is stopped after epoch 3 and started again: the two lives are two
 * Quarkus applications (different test profiles force Quarkus to stop the first and start the second).
 */
final class RestartScenario {
    static final SyntheticRun RUN = SyntheticRuns.lecunDeepRelu("restart-lecun-deep-relu");
    /** run started, pre-flight, then metrics + layers + progress for epochs 1–3 */
    static final int FIRST_LIFE_EVENTS = 2 + 3 * 3;
    /** what the first life can see: flat loss needs five epochs */
    static final Set<String> FIRST_LIFE_RULES = Set.of("init-mismatch", "variance-not-preserved",
            "vanishing-gradients", "update-ratio");

    private RestartScenario() {
    }

    static List<Object> firstLife() {
        return RUN.events().subList(0, FIRST_LIFE_EVENTS);
    }

    /** Epochs 2–3 again (a redelivery across the restart), then the rest of the run. */
    static List<Object> secondLife() {
        return RUN.events().subList(FIRST_LIFE_EVENTS - 2 * 3, RUN.events().size());
    }

    public static class FirstLife implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"io.initwatch.monitor\".level", "DEBUG");
        }
    }

    public static class SecondLife implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"io.initwatch.monitor\".level", "INFO");
        }
    }
}
