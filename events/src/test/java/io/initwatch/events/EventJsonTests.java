package io.initwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTests {

    static Stream<Object> samples() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyMessageSurvivesARoundTrip(Object event) {
        Object back = EventJson.fromJson(EventJson.toJson(event), event.getClass());
        // Records compare doubles with Double.compare, so NaN equals NaN here, as it must.
        assertEquals(event, back);
    }

    @Test
    void nonFiniteNumbersTravelAsStringsAndComeBackNonFinite() {
        EpochMetrics nan = new EpochMetrics(1, "r", null, 1, 1, Double.NaN, Double.NEGATIVE_INFINITY, null, null, 1, 1);
        String json = EventJson.toJson(nan);
        assertTrue(json.contains("\"trainLoss\":\"NaN\""), json);
        assertTrue(json.contains("\"validationLoss\":\"-Infinity\""), json);
        EpochMetrics back = EventJson.fromJson(json, EpochMetrics.class);
        assertTrue(Double.isNaN(back.trainLoss()));
        assertEquals(Double.NEGATIVE_INFINITY, back.validationLoss());
    }

    @Test
    void absentOptionalNumbersAreLeftOutNotWrittenAsNull() {
        String json = EventJson.toJson(new EpochMetrics(1, "r", null, 1, 1, 0.5, null, null, null, 1, 1));
        assertTrue(!json.contains("validationLoss") && !json.contains("null"), json);
    }

    @Test
    void garbageIsAMalformedEventWithAReason() {
        var e = assertThrows(MalformedEventException.class,
                () -> EventJson.fromJson("{not json", EpochMetrics.class));
        assertTrue(e.getMessage().startsWith("not a valid EpochMetrics"), e.getMessage());
        assertThrows(MalformedEventException.class, () -> EventJson.fromBytes(null, EpochMetrics.class));
        assertThrows(MalformedEventException.class,
                () -> EventJson.fromJson("{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":1,\"iteration\":1,"
                        + "\"trainLoss\":\"lots\",\"epochTimeMs\":1,\"timestampMs\":1}", EpochMetrics.class));
    }

    @Test
    void aMessageWithoutItsRequiredNumbersIsRejectedNotReadAsZero() {
        assertThrows(MalformedEventException.class,
                () -> EventJson.fromJson("{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":1}", EpochMetrics.class));
    }

    @Test
    void aFutureSchemaVersionIsRejected() {
        String json = EventJson.toJson(new EpochMetrics(2, "r", null, 1, 1, 0.5, null, null, null, 1, 1));
        var e = assertThrows(MalformedEventException.class, () -> EventJson.fromJson(json, EpochMetrics.class));
        assertTrue(e.getMessage().contains("schemaVersion 2"), e.getMessage());
    }

    @Test
    void aStartedEventNeedsItsConfigAndEveryEventItsRunId() {
        assertThrows(MalformedEventException.class, () -> EventJson.fromJson(
                "{\"schemaVersion\":1,\"type\":\"STARTED\",\"runId\":\"r\",\"timestampMs\":1}", RunEvent.class));
        assertThrows(MalformedEventException.class, () -> EventJson.fromJson(
                "{\"schemaVersion\":1,\"type\":\"PROGRESS\",\"runId\":\"\",\"timestampMs\":1}", RunEvent.class));
    }

    @Test
    void fieldsAddedByANewerProducerWithinTheSameVersionAreIgnored() {
        EpochMetrics m = EventJson.fromJson("{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":1,\"iteration\":1,"
                + "\"trainLoss\":0.5,\"epochTimeMs\":1,\"timestampMs\":1,\"gpu\":\"A100\"}", EpochMetrics.class);
        assertEquals(0.5, m.trainLoss());
    }

    /** The reason ends up in the dead-letter topic: it names the field and the problem in the message's terms. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "{\"schemaVersion\":1,\"runId\":\"r\",\"iteration\":1,\"trainLoss\":1,\"epochTimeMs\":1,\"timestampMs\":1}"
                    + "| not a valid EpochMetrics: epoch: required integer missing or null",
            "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":3000000000,\"iteration\":1,\"trainLoss\":1,\"epochTimeMs\":1,\"timestampMs\":1}"
                    + "| not a valid EpochMetrics: epoch: 3000000000 is out of range of a 32-bit integer",
            "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":2.5,\"iteration\":1,\"trainLoss\":1,\"epochTimeMs\":1,\"timestampMs\":1}"
                    + "| not a valid EpochMetrics: epoch: 2.5 is not an integer",
            "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":1,\"iteration\":1,\"trainLoss\":\"lots\",\"epochTimeMs\":1,\"timestampMs\":1}"
                    + "| not a valid EpochMetrics: trainLoss: \"lots\" is not a number (or \"NaN\", \"Infinity\", \"-Infinity\")",
            "[1,2] | not a valid EpochMetrics: expected an object (EpochMetrics), got an array",
    })
    void aBadFieldIsNamedWithItsProblemNotWithJacksonsInternals(String json, String reason) {
        var e = assertThrows(MalformedEventException.class, () -> EventJson.fromJson(json, EpochMetrics.class));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void aBadNestedFieldIsNamedByItsPath() {
        String missingIndex = "{\"schemaVersion\":1,\"runId\":\"r\",\"phase\":\"EPOCH\",\"epoch\":1,\"iteration\":1,"
                + "\"layers\":[{\"index\":0,\"name\":\"a\"},{\"name\":\"b\"}],\"timestampMs\":1}";
        assertEquals("not a valid LayerStats: layers[1].index: required integer missing or null",
                assertThrows(MalformedEventException.class, () -> EventJson.fromJson(missingIndex, LayerStats.class))
                        .getMessage());
        String badPhase = missingIndex.replace("\"EPOCH\"", "\"LATER\"");
        assertEquals("not a valid LayerStats: phase: \"LATER\" is not one of [PREFLIGHT, ITERATION, EPOCH]",
                assertThrows(MalformedEventException.class, () -> EventJson.fromJson(badPhase, LayerStats.class))
                        .getMessage());
        String layersObject = "{\"schemaVersion\":1,\"runId\":\"r\",\"phase\":\"EPOCH\",\"epoch\":1,\"iteration\":1,"
                + "\"layers\":{},\"timestampMs\":1}";
        assertEquals("not a valid LayerStats: layers: expected an array, got an object",
                assertThrows(MalformedEventException.class, () -> EventJson.fromJson(layersObject, LayerStats.class))
                        .getMessage());
    }

    @Test
    void brokenJsonSaysWhereItBroke() {
        var e = assertThrows(MalformedEventException.class,
                () -> EventJson.fromJson("{\"schemaVersion\":1,\"runId\":", EpochMetrics.class));
        assertTrue(e.getMessage().startsWith("not a valid EpochMetrics: not JSON: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("at line 1, column 28"), e.getMessage());
    }
}
