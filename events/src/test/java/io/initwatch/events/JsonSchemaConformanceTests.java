package io.initwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The JSON Schemas under version control describe exactly what the code writes. */
class JsonSchemaConformanceTests {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    static Stream<Object> samples() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySerializedMessageValidatesAgainstItsSchema(Object event) throws IOException {
        JsonNode json = PLAIN.readTree(EventJson.toBytes(event));
        Set<ValidationMessage> errors = schema(SampleEvents.schemaFor(event.getClass())).validate(json);
        assertTrue(errors.isEmpty(), event.getClass().getSimpleName() + " " + json + " violates its schema: " + errors);
    }

    @ParameterizedTest
    @ValueSource(classes = { RunEvent.class, EpochMetrics.class, LayerStats.class, Alert.class, ControlCommand.class })
    void schemaPropertiesAreExactlyTheRecordComponents(Class<?> type) throws IOException {
        JsonNode schemaJson = rawSchema(SampleEvents.schemaFor(type));
        assertEquals(componentNames(type), propertyNames(schemaJson.get("properties")), type.getSimpleName());
        assertEquals(componentNames(RunConfig.class),
                propertyNames(rawSchema("/schemas/run-event.schema.json").at("/$defs/runConfig/properties")));
        assertEquals(componentNames(LayerSpec.class),
                propertyNames(rawSchema("/schemas/run-event.schema.json").at("/$defs/layerSpec/properties")));
        assertEquals(componentNames(RepairOf.class),
                propertyNames(rawSchema("/schemas/run-event.schema.json").at("/$defs/repairOf/properties")));
        assertEquals(componentNames(Prescription.class),
                propertyNames(rawSchema("/schemas/alert.schema.json").at("/$defs/prescription/properties")));
        assertEquals(componentNames(LayerPrescription.class),
                propertyNames(rawSchema("/schemas/alert.schema.json").at("/$defs/layerPrescription/properties")));
        assertEquals(componentNames(RunChange.class),
                propertyNames(rawSchema("/schemas/alert.schema.json").at("/$defs/runChange/properties")));
        assertEquals(componentNames(LayerStat.class),
                propertyNames(rawSchema("/schemas/layer-stats.schema.json").at("/$defs/layerStat/properties")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":1,\"iteration\":1,\"trainLoss\":\"nan\",\"epochTimeMs\":1,\"timestampMs\":1}",
            "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":0,\"iteration\":1,\"trainLoss\":1,\"epochTimeMs\":1,\"timestampMs\":1}",
            "{\"schemaVersion\":1,\"runId\":\"r\",\"epoch\":1,\"iteration\":1,\"epochTimeMs\":1,\"timestampMs\":1}" })
    void theSchemaRejectsWhatTheContractForbids(String badMetrics) throws IOException {
        assertTrue(!schema("/schemas/epoch-metrics.schema.json").validate(PLAIN.readTree(badMetrics)).isEmpty());
    }

    private static JsonSchema schema(String resource) throws IOException {
        try (InputStream in = JsonSchemaConformanceTests.class.getResourceAsStream(resource)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static JsonNode rawSchema(String resource) throws IOException {
        try (InputStream in = JsonSchemaConformanceTests.class.getResourceAsStream(resource)) {
            return PLAIN.readTree(in);
        }
    }

    private static Set<String> componentNames(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> propertyNames(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
