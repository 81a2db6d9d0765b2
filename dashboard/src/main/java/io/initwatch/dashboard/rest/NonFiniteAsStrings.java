package io.initwatch.dashboard.rest;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A NaN loss must reach the page as {@code "NaN"} (the contract's wire form), not as a bare {@code NaN} that
 * no JSON parser accepts, nor as null, which would read as "no value".
 */
@Singleton
public class NonFiniteAsStrings implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().configure(JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature(), true);
    }
}
