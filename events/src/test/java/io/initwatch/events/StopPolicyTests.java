package io.initwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which alerts stop a run, by its onAlert policy. */
class StopPolicyTests {

    @Test
    void criticalStopsOnlyOnCriticalWarningAlsoOnWarningNeverOnNothing() {
        assertTrue(StopPolicy.CRITICAL.stopsOn(Severity.CRITICAL));
        assertFalse(StopPolicy.CRITICAL.stopsOn(Severity.WARNING));
        assertTrue(StopPolicy.WARNING.stopsOn(Severity.WARNING));
        assertFalse(StopPolicy.WARNING.stopsOn(Severity.INFO));
        assertFalse(StopPolicy.NEVER.stopsOn(Severity.CRITICAL));
    }

    @Test
    void aConfigWithoutPolicyOrWithAnUnknownOneStopsOnCritical() {
        assertEquals(StopPolicy.CRITICAL, config(null).stopPolicy());
        assertEquals(StopPolicy.CRITICAL, config("sometimes").stopPolicy());
        assertEquals(StopPolicy.NEVER, config(" Never ").stopPolicy());
    }

    @Test
    void theStopCommandNamesTheRuleAndTheAlertId() {
        Alert alert = new Alert(1, "a-1", "r-1", null, "non-finite-loss", Severity.CRITICAL, 2, 40L, List.of(), "t",
                "d", "r", Cause.LEARNING_RATE, Map.of(), 5L);
        ControlCommand stop = ControlCommand.stop(alert, StopPolicy.CRITICAL, 6L);
        assertEquals("r-1", stop.runId());
        assertTrue(stop.reason().contains("a-1") && stop.reason().contains("non-finite-loss"), stop.reason());
    }

    private static RunConfig config(String onAlert) {
        return new RunConfig("r", null, null, null, "xor", 2, 2, List.of(), "sgd", 0.1, 8, 1, 1, "mcxent", null,
                Map.of(), onAlert, null);
    }
}
