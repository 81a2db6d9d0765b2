package io.initwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The streaming readers must never change what a message decodes to: each message they accept comes out as the
 * mapper reads it, and each they refuse is left to the mapper (whose reasons {@link EventJsonTests} checks).
 */
class TelemetryReaderTests {
    private static final ObjectMapper MAPPER = EventJson.mapper();

    static Stream<Arguments> plainMessages() {
        String metrics = "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":2,\"iteration\":64,\"trainLoss\":%s,"
                + "\"epochTimeMs\":118,\"timestampMs\":1700000000400%s}";
        String layers = "{\"schemaVersion\":1,\"runId\":\"r\",\"phase\":\"EPOCH\",\"epoch\":1,\"iteration\":32,"
                + "\"layers\":%s,\"timestampMs\":1}";
        return Stream.of(
                Arguments.of(metrics.formatted("0.6931471805599453", ""), EpochMetrics.class),
                Arguments.of(metrics.formatted("\"NaN\"", ",\"validationLoss\":\"-Infinity\""), EpochMetrics.class),
                Arguments.of(metrics.formatted("\"Infinity\"", ",\"trainAccuracy\":null"), EpochMetrics.class),
                // integers where numbers go, exponents, fields the reader does not know, any order, whitespace
                Arguments.of(metrics.formatted("2", ",\"validationLoss\":1e400,\"trainAccuracy\":1e-3,\"gpu\":{\"name\":[1,{}]}"),
                        EpochMetrics.class),
                Arguments.of("{ \"timestampMs\" : 1, \"epochTimeMs\":1, \"trainLoss\":-0.0, \"iteration\":9007199254740993,"
                        + " \"epoch\":2147483647, \"runId\":\"r\\u00e9\\n\", \"schemaVersion\":1 }\n", EpochMetrics.class),
                Arguments.of(layers.formatted("[]"), LayerStats.class),
                Arguments.of(layers.formatted("null"), LayerStats.class),
                Arguments.of(layers.formatted("[{\"index\":0},{\"index\":1,\"name\":null,\"activation\":\"relu\","
                        + "\"gradientNorm\":\"NaN\",\"weightNorm\":4,\"updateRatio\":1.0E-3,\"extra\":[true]}]"),
                        LayerStats.class),
                Arguments.of(layers.replace("\"phase\":\"EPOCH\",", "").formatted("[]"), LayerStats.class),
                Arguments.of("{\"schemaVersion\":1,\"type\":\"PROGRESS\",\"runId\":\"r\",\"timestampMs\":1,\"epoch\":3,"
                        + "\"totalEpochs\":10,\"config\":null}", RunEvent.class),
                Arguments.of("{\"schemaVersion\":1,\"type\":\"FAILED\",\"runId\":\"r\",\"timestampMs\":1,"
                        + "\"reason\":\"loss became NaN\"}", RunEvent.class));
    }

    @ParameterizedTest
    @MethodSource("plainMessages")
    void aPlainMessageComesOutAsTheMapperReadsIt(String json, Class<?> type) throws Exception {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        Object streamed = TelemetryReader.read(MAPPER.getFactory(), data, type);
        assertNotNull(streamed, json);
        assertEquals(MAPPER.readValue(data, type), streamed);
    }

    @Test
    void everyTelemetrySampleIsReadByTheStreamingReadersAsTheMapperReadsIt() throws Exception {
        for (Object event : SampleEvents.all()) {
            byte[] data = EventJson.toBytes(event);
            Object streamed = TelemetryReader.read(MAPPER.getFactory(), data, event.getClass());
            boolean plain = event instanceof EpochMetrics || event instanceof LayerStats
                    || event instanceof RunEvent e && e.config() == null;
            assertEquals(plain ? MAPPER.readValue(data, event.getClass()) : null, streamed, event.toString());
        }
    }

    static Stream<Arguments> messagesLeftToTheMapper() {
        String metrics = "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":%s,\"iteration\":1,\"trainLoss\":%s,"
                + "\"epochTimeMs\":1,\"timestampMs\":1}";
        String layers = "{\"schemaVersion\":1,\"runId\":\"r\",\"phase\":%s,\"epoch\":1,\"iteration\":1,"
                + "\"layers\":%s,\"timestampMs\":1}";
        return Stream.of(
                Arguments.of(metrics.formatted("\"2\"", "1"), EpochMetrics.class),
                Arguments.of(metrics.formatted("2.5", "1"), EpochMetrics.class),
                Arguments.of(metrics.formatted("3000000000", "1"), EpochMetrics.class),
                Arguments.of(metrics.formatted("null", "1"), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "\"0.5\""), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "\"nan\""), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "null"), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "1").replace("\"runId\":\"r\"", "\"runId\":true"), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "123456789012345678901234567890"), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "1").replace("\"runId\":\"r\"", "\"runId\":7"), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "1").replace("\"epoch\":1,", ""), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "1").replace("}", ",\"epoch\":2}"), EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "1") + " {}", EpochMetrics.class),
                Arguments.of(metrics.formatted("1", "1").substring(1), EpochMetrics.class),
                Arguments.of("[" + metrics.formatted("1", "1") + "]", EpochMetrics.class),
                Arguments.of(layers.formatted("\"epoch\"", "[]"), LayerStats.class),
                Arguments.of(layers.formatted("1", "[]"), LayerStats.class),
                Arguments.of(layers.formatted("\"EPOCH\"", "[null]"), LayerStats.class),
                Arguments.of(layers.formatted("\"EPOCH\"", "{}"), LayerStats.class),
                Arguments.of(layers.formatted("\"EPOCH\"", "[{\"name\":\"a\"}]"), LayerStats.class),
                Arguments.of(layers.formatted("\"EPOCH\"", "[{\"index\":0,\"weightNorm\":[]}]"), LayerStats.class),
                Arguments.of(layers.formatted("\"EPOCH\"", "[{\"index\":0,\"index\":1}]"), LayerStats.class),
                Arguments.of("{\"schemaVersion\":1,\"type\":\"STARTED\",\"runId\":\"r\",\"timestampMs\":1,\"config\":{}}",
                        RunEvent.class),
                Arguments.of("{\"schemaVersion\":1,\"type\":\"LATER\",\"runId\":\"r\",\"timestampMs\":1}", RunEvent.class),
                Arguments.of("{\"schemaVersion\":1,\"type\":\"PROGRESS\",\"runId\":\"r\",\"timestampMs\":1,\"epoch\":1.5}",
                        RunEvent.class),
                Arguments.of("{\"schemaVersion\":1,\"runId\":\"r\",\"alertId\":\"a\"}", Alert.class));
    }

    @ParameterizedTest
    @MethodSource("messagesLeftToTheMapper")
    void anythingButThePlainShapeIsLeftToTheMapper(String json, Class<?> type) {
        assertNull(TelemetryReader.read(MAPPER.getFactory(), json.getBytes(StandardCharsets.UTF_8), type), json);
    }

    /** Jackson's fast double parser reads what {@code Double.toString} wrote back to the same bits. */
    @Test
    void everyDoubleComesBackBitForBit() {
        SplittableRandom random = new SplittableRandom(42);
        List<Double> edges = List.of(-0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 0.1 + 0.2,
                4.9e-324, 2.2250738585072011e-308, 9007199254740993.0, 1e23);
        Stream<Double> doubles = Stream.concat(edges.stream(), Stream.generate(random::nextLong).limit(20_000)
                .map(Double::longBitsToDouble).filter(Double::isFinite));
        doubles.forEach(value -> {
            EpochMetrics m = new EpochMetrics(1, "r", null, 1, 1, value, -value, null, null, 1, 1);
            EpochMetrics back = EventJson.fromBytes(EventJson.toBytes(m), EpochMetrics.class);
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(back.trainLoss()), m::toString);
            assertEquals(Double.doubleToRawLongBits(-value), Double.doubleToRawLongBits(back.validationLoss()));
        });
    }
}
