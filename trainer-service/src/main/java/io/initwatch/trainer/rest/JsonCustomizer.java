package io.initwatch.trainer.rest;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * REST JSON follows the event contract's conventions: a NaN loss is written as the string "NaN" (JSON has no
 * literal for it), and a misspelt config field is an error rather than silently ignored.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
