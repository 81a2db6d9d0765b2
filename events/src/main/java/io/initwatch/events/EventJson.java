package io.initwatch.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec for the contract.
 *
 * <p>Non-finite doubles are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} and
 * read back as the same doubles, because a NaN loss is the most important number this product carries and
 * JSON has no literal for it. Null fields are left out. Unknown fields are ignored so that producers may add
 * optional fields within a schema version. The telemetry messages the monitor reads in bulk go through
 * {@link TelemetryReader} first, which reads the common shape faster and leaves every other message, and every
 * verdict on a malformed one, to the mapper.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            // the same doubles as Double.parseDouble (correctly rounded), in a third of the time for 17 digits
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // 1.5 layers or epoch 2.7 is a broken producer, not a number to round down silently
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final Pattern GOT = Pattern.compile("from ([A-Z][\\w-]*) value");
    private static final Pattern NUMBER = Pattern.compile("\\((-?[0-9.eE+]+)\\)");

    private EventJson() {
    }

    /** A copy of the configured mapper, for callers that need Jackson directly (e.g. a REST layer). */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static byte[] toBytes(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String toJson(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads one message, checking that its {@code schemaVersion} is one this code understands.
     *
     * @throws MalformedEventException when the bytes are not a readable message of that type
     */
    public static <T> T fromBytes(byte[] data, Class<T> type) {
        if (data == null) {
            throw new MalformedEventException("empty record value (null) where a " + type.getSimpleName()
                    + " was expected");
        }
        T event = TelemetryReader.read(MAPPER.getFactory(), data, type);
        try {
            if (event == null) {
                event = MAPPER.readValue(data, type);
            }
        } catch (IOException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + reason(e), e);
        }
        SchemaVersions.check(event);
        return event;
    }

    /**
     * Says what is wrong in the message's terms — the field's path and the problem, e.g. {@code
     * layers[1].index: required integer missing or null} — rather than in Jackson's (class names, feature
     * flags), because the reason is read by whoever operates the producer, in the dead-letter topic.
     */
    static String reason(IOException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping) : "";
        String at = path.isEmpty() ? "" : path + ": ";
        if (e instanceof InvalidFormatException invalid) {
            Class<?> target = invalid.getTargetType();
            return at + describe(invalid.getValue()) + " is not " + expected(target);
        }
        if (e instanceof MismatchedInputException mismatched) {
            Class<?> target = mismatched.getTargetType();
            String message = String.valueOf(mismatched.getOriginalMessage());
            if (message.startsWith("Cannot map `null`")) {
                return at + "required " + typeName(target) + " missing or null";
            }
            Matcher got = GOT.matcher(message);
            if (target != null && got.find()) {
                return at + "expected " + expected(target) + ", got " + gotName(got.group(1));
            }
        }
        Throwable cause = e instanceof JsonMappingException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InputCoercionException coercion) {
            // e.g. an epoch of 3000000000: Java int fields are the contract's 32-bit integers
            Matcher number = NUMBER.matcher(shortMessage(coercion));
            String value = number.find() ? number.group(1) + " " : "";
            return at + value + "is out of range of a " + bits(coercion.getTargetType()) + "-bit integer";
        }
        if (cause instanceof StreamReadException syntax) {
            String where = syntax.getLocation() == null ? ""
                    : " at line " + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr();
            return at + "not JSON: " + shortMessage(syntax) + where;
        }
        return at + shortMessage(e);
    }

    /** {@code layers[3].index}: the JSON path of the failing value, without the Java class names Jackson adds. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String bits(Class<?> target) {
        return target == long.class || target == Long.class ? "64" : "32";
    }

    private static String shortMessage(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        // Jackson appends hints and source excerpts after a newline; the first line is the problem
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String shortMessage(IOException e) {
        return e instanceof JsonProcessingException json ? shortMessage(json) : String.valueOf(e.getMessage());
    }

    private static String describe(Object value) {
        return value instanceof String text ? '"' + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + '"'
                : String.valueOf(value);
    }

    private static String expected(Class<?> target) {
        if (target != null && target.isEnum()) {
            return "one of " + Arrays.toString(target.getEnumConstants());
        }
        String name = typeName(target);
        return (name.startsWith("a") || name.startsWith("i") || name.startsWith("o") ? "an " : "a ") + name;
    }

    private static String typeName(Class<?> target) {
        if (target == null) {
            return "value";
        } else if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "integer";
        } else if (target == double.class || target == Double.class || target == float.class || target == Float.class) {
            return "number (or \"NaN\", \"Infinity\", \"-Infinity\")";
        } else if (target == String.class) {
            return "string";
        } else if (target == boolean.class || target == Boolean.class) {
            return "boolean";
        } else if (Collection.class.isAssignableFrom(target)) {
            return "array";
        } else if (target.isEnum()) {
            return "enum";
        } else if (Map.class.isAssignableFrom(target)) {
            return "object";
        }
        return "object (" + target.getSimpleName() + ")";
    }

    /** Jackson's "from Object value" names the JSON kind that came instead. */
    private static String gotName(String kind) {
        return switch (kind) {
            case "Object" -> "an object";
            case "Array" -> "an array";
            case "String" -> "a string";
            case "Integer" -> "an integer";
            case "Floating-point" -> "a fractional number";
            case "Boolean" -> "a boolean";
            default -> kind.toLowerCase(java.util.Locale.ROOT);
        };
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return fromBytes(json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }
}
