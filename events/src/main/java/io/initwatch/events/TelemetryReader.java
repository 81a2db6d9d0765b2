package io.initwatch.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Streaming readers for the three telemetry messages ({@link EpochMetrics}, {@link LayerStats}, {@link RunEvent}
 * without a config), which the monitor reads by the hundred thousand per second: Jackson's record
 * deserializer spends most of its time looking creator properties up and buffering them, which a reader that
 * knows the fields need not do.
 *
 * <p>They read only the plain shape producers send — every value of its own JSON type, non-finite numbers as
 * the three strings, no repeated field, every required field present — and give up (return null) on anything
 * else, leaving the message to {@link EventJson}'s mapper. So the mapper alone decides what is malformed and
 * why, and for every message these readers do accept they build what the mapper would (checked by
 * {@code TelemetryReaderTests}).
 */
final class TelemetryReader {

    /** Thrown where the message is not in the plain shape; carries no stack, it is only a jump to the mapper. */
    private static final class NotPlain extends Exception {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final StatsPhase[] PHASES = StatsPhase.values();
    private static final RunEventType[] RUN_EVENT_TYPES = RunEventType.values();

    private TelemetryReader() {
    }

    /** The message, or null when this reader does not read that type or the message is not plain. */
    @SuppressWarnings("unchecked")
    static <T> T read(JsonFactory json, byte[] data, Class<T> type) {
        if (type != EpochMetrics.class && type != LayerStats.class && type != RunEvent.class) {
            return null;
        }
        try (JsonParser p = json.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Object event = type == EpochMetrics.class ? epochMetrics(p)
                    : type == LayerStats.class ? layerStats(p) : runEvent(p);
            // FAIL_ON_TRAILING_TOKENS: anything after the object is the mapper's to reject
            return p.nextToken() == null ? (T) event : null;
        } catch (NotPlain | IOException e) {
            return null;
        }
    }

    private static EpochMetrics epochMetrics(JsonParser p) throws IOException, NotPlain {
        int schemaVersion = 0;
        String runId = null;
        String experimentId = null;
        int epoch = 0;
        long iteration = 0;
        double trainLoss = 0;
        Double validationLoss = null;
        Double trainAccuracy = null;
        Double validationAccuracy = null;
        long epochTimeMs = 0;
        long timestampMs = 0;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int field;
            switch (name) {
                case "schemaVersion" -> { field = 1; schemaVersion = integer(p, t); }
                case "runId" -> { field = 1 << 1; runId = text(p, t); }
                case "experimentId" -> { field = 1 << 2; experimentId = text(p, t); }
                case "epoch" -> { field = 1 << 3; epoch = integer(p, t); }
                case "iteration" -> { field = 1 << 4; iteration = longInteger(p, t); }
                case "trainLoss" -> { field = 1 << 5; trainLoss = number(p, t); }
                case "validationLoss" -> { field = 1 << 6; validationLoss = optionalNumber(p, t); }
                case "trainAccuracy" -> { field = 1 << 7; trainAccuracy = optionalNumber(p, t); }
                case "validationAccuracy" -> { field = 1 << 8; validationAccuracy = optionalNumber(p, t); }
                case "epochTimeMs" -> { field = 1 << 9; epochTimeMs = longInteger(p, t); }
                case "timestampMs" -> { field = 1 << 10; timestampMs = longInteger(p, t); }
                default -> { field = 0; p.skipChildren(); }
            }
            seen = once(seen, field);
        }
        // the primitives: absent, the mapper rejects the message (FAIL_ON_NULL_FOR_PRIMITIVES)
        required(seen, 1 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 9 | 1 << 10);
        return new EpochMetrics(schemaVersion, runId, experimentId, epoch, iteration, trainLoss, validationLoss,
                trainAccuracy, validationAccuracy, epochTimeMs, timestampMs);
    }

    private static LayerStats layerStats(JsonParser p) throws IOException, NotPlain {
        int schemaVersion = 0;
        String runId = null;
        String experimentId = null;
        StatsPhase phase = null;
        int epoch = 0;
        long iteration = 0;
        List<LayerStat> layers = null;
        long timestampMs = 0;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int field;
            switch (name) {
                case "schemaVersion" -> { field = 1; schemaVersion = integer(p, t); }
                case "runId" -> { field = 1 << 1; runId = text(p, t); }
                case "experimentId" -> { field = 1 << 2; experimentId = text(p, t); }
                case "phase" -> { field = 1 << 3; phase = constant(p, t, PHASES); }
                case "epoch" -> { field = 1 << 4; epoch = integer(p, t); }
                case "iteration" -> { field = 1 << 5; iteration = longInteger(p, t); }
                case "layers" -> { field = 1 << 6; layers = layers(p, t); }
                case "timestampMs" -> { field = 1 << 7; timestampMs = longInteger(p, t); }
                default -> { field = 0; p.skipChildren(); }
            }
            seen = once(seen, field);
        }
        required(seen, 1 | 1 << 4 | 1 << 5 | 1 << 7);
        return new LayerStats(schemaVersion, runId, experimentId, phase, epoch, iteration, layers, timestampMs);
    }

    private static List<LayerStat> layers(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw NotPlain.INSTANCE;
        }
        List<LayerStat> layers = new ArrayList<>();
        for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
            if (element != JsonToken.START_OBJECT) {
                // a null layer makes LayerStats' constructor throw: the mapper says where
                throw NotPlain.INSTANCE;
            }
            layers.add(layerStat(p));
        }
        return layers;
    }

    private static LayerStat layerStat(JsonParser p) throws IOException, NotPlain {
        int index = 0;
        String name = null;
        String activation = null;
        Double gradientNorm = null;
        Double biasGradientNorm = null;
        Double weightNorm = null;
        Double weightMean = null;
        Double weightStd = null;
        Double updateRatio = null;
        Double activationMean = null;
        Double activationStd = null;
        Double zeroFraction = null;
        Double saturatedFraction = null;
        Double unitSpread = null;
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int bit;
            switch (field) {
                case "index" -> { bit = 1; index = integer(p, t); }
                case "name" -> { bit = 1 << 1; name = text(p, t); }
                case "activation" -> { bit = 1 << 2; activation = text(p, t); }
                case "gradientNorm" -> { bit = 1 << 3; gradientNorm = optionalNumber(p, t); }
                case "biasGradientNorm" -> { bit = 1 << 4; biasGradientNorm = optionalNumber(p, t); }
                case "weightNorm" -> { bit = 1 << 5; weightNorm = optionalNumber(p, t); }
                case "weightMean" -> { bit = 1 << 6; weightMean = optionalNumber(p, t); }
                case "weightStd" -> { bit = 1 << 7; weightStd = optionalNumber(p, t); }
                case "updateRatio" -> { bit = 1 << 8; updateRatio = optionalNumber(p, t); }
                case "activationMean" -> { bit = 1 << 9; activationMean = optionalNumber(p, t); }
                case "activationStd" -> { bit = 1 << 10; activationStd = optionalNumber(p, t); }
                case "zeroFraction" -> { bit = 1 << 11; zeroFraction = optionalNumber(p, t); }
                case "saturatedFraction" -> { bit = 1 << 12; saturatedFraction = optionalNumber(p, t); }
                case "unitSpread" -> { bit = 1 << 13; unitSpread = optionalNumber(p, t); }
                default -> { bit = 0; p.skipChildren(); }
            }
            seen = once(seen, bit);
        }
        required(seen, 1);
        return new LayerStat(index, name, activation, gradientNorm, biasGradientNorm, weightNorm, weightMean,
                weightStd, updateRatio, activationMean, activationStd, zeroFraction, saturatedFraction, unitSpread);
    }

    /** Run events without a config: progress and the run's end. A config is read by the mapper, once per run. */
    private static RunEvent runEvent(JsonParser p) throws IOException, NotPlain {
        int schemaVersion = 0;
        RunEventType type = null;
        String runId = null;
        String experimentId = null;
        long timestampMs = 0;
        Integer epoch = null;
        Integer totalEpochs = null;
        String reason = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int field;
            switch (name) {
                case "schemaVersion" -> { field = 1; schemaVersion = integer(p, t); }
                case "type" -> { field = 1 << 1; type = constant(p, t, RUN_EVENT_TYPES); }
                case "runId" -> { field = 1 << 2; runId = text(p, t); }
                case "experimentId" -> { field = 1 << 3; experimentId = text(p, t); }
                case "timestampMs" -> { field = 1 << 4; timestampMs = longInteger(p, t); }
                case "config" -> { field = 1 << 5; absent(t); }
                case "epoch" -> { field = 1 << 6; epoch = optionalInteger(p, t); }
                case "totalEpochs" -> { field = 1 << 7; totalEpochs = optionalInteger(p, t); }
                case "reason" -> { field = 1 << 8; reason = text(p, t); }
                default -> { field = 0; p.skipChildren(); }
            }
            seen = once(seen, field);
        }
        required(seen, 1 | 1 << 4);
        return new RunEvent(schemaVersion, type, runId, experimentId, timestampMs, null, epoch, totalEpochs, reason);
    }

    private static int once(int seen, int field) throws NotPlain {
        if ((seen & field) != 0) {
            throw NotPlain.INSTANCE; // a repeated field: which one counts is the mapper's rule
        }
        return seen | field;
    }

    private static void required(int seen, int fields) throws NotPlain {
        if ((seen & fields) != fields) {
            throw NotPlain.INSTANCE;
        }
    }

    private static void absent(JsonToken t) throws NotPlain {
        if (t != JsonToken.VALUE_NULL) {
            throw NotPlain.INSTANCE;
        }
    }

    /** A 32-bit JSON integer; a fraction, a wider integer or a string (which the mapper may coerce) is not plain. */
    private static int integer(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw NotPlain.INSTANCE;
        }
        return p.getIntValue();
    }

    private static Integer optionalInteger(JsonParser p, JsonToken t) throws IOException, NotPlain {
        return t == JsonToken.VALUE_NULL ? null : integer(p, t);
    }

    private static long longInteger(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw NotPlain.INSTANCE;
        }
        return p.getLongValue();
    }

    /** A JSON number, or one of the contract's three strings for the non-finite doubles. */
    private static double number(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NUMBER_FLOAT
                || t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            switch (p.getText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw NotPlain.INSTANCE;
    }

    private static Double optionalNumber(JsonParser p, JsonToken t) throws IOException, NotPlain {
        return t == JsonToken.VALUE_NULL ? null : number(p, t);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw NotPlain.INSTANCE;
        }
        return p.getText();
    }

    /** A constant by its exact name, as the mapper reads enums; null stays null (the schema check rejects it). */
    private static <E extends Enum<E>> E constant(JsonParser p, JsonToken t, E[] constants)
            throws IOException, NotPlain {
        String name = text(p, t);
        if (name == null) {
            return null;
        }
        for (E constant : constants) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw NotPlain.INSTANCE;
    }
}
