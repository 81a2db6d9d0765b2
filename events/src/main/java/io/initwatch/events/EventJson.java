package io.initwatch.events;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec for the contract.
 *
 * <p>Non-finite doubles are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} and
 * read back as the same doubles, because a NaN loss is the most important number this product carries and
 * JSON has no literal for it. Null fields are left out. Unknown fields are ignored so that producers may add
 * optional fields within a schema version.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

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
        T event;
        try {
            event = MAPPER.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        SchemaVersions.check(event);
        return event;
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return fromBytes(json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }
}
