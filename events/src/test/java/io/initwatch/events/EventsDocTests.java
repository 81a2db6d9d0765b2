package io.initwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/** docs/events.md documents every field the code writes, no field it does not, and only valid examples. */
class EventsDocTests {

    private static final Path DOC = Path.of("..", "docs", "events.md");
    private static final Pattern FIELD_ROW = Pattern.compile("^\\| `([A-Za-z]+)`", Pattern.MULTILINE);
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    static Stream<Arguments> sections() {
        return Stream.of(
                Arguments.of("RunEvent", RunEvent.class,
                        List.of(RunEvent.class, RunConfig.class, LayerSpec.class, RepairOf.class)),
                Arguments.of("EpochMetrics", EpochMetrics.class, List.of(EpochMetrics.class)),
                Arguments.of("LayerStats", LayerStats.class, List.of(LayerStats.class, LayerStat.class)),
                Arguments.of("Alert", Alert.class,
                        List.of(Alert.class, Prescription.class, LayerPrescription.class, RunChange.class)),
                Arguments.of("ControlCommand", ControlCommand.class, List.of(ControlCommand.class)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sections")
    void everyFieldIsDocumentedAndNoOther(String heading, Class<?> message, List<Class<?>> records) throws IOException {
        String section = section(heading);
        Set<String> documented = new TreeSet<>();
        Matcher m = FIELD_ROW.matcher(section);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> fields = records.stream()
                .flatMap(r -> Arrays.stream(r.getRecordComponents()).map(RecordComponent::getName))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(fields, documented, "fields documented under '## " + heading + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sections")
    void everyExampleIsAValidMessage(String heading, Class<?> message, List<Class<?>> records) throws IOException {
        String section = section(heading);
        Matcher m = JSON_BLOCK.matcher(section);
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            examples.add(m.group(1));
        }
        assertFalse(examples.isEmpty(), "an example under '## " + heading + "'");
        var schema = schemaFor(message);
        for (String example : examples) {
            var errors = schema.validate(new ObjectMapper().readTree(example));
            assertTrue(errors.isEmpty(), heading + " example violates its schema: " + errors + "\n" + example);
            Object read = EventJson.fromJson(example, message);
            assertEquals(read, EventJson.fromJson(EventJson.toJson(read), message), "example round-trips");
        }
    }

    private static com.networknt.schema.JsonSchema schemaFor(Class<?> message) throws IOException {
        try (InputStream in = EventsDocTests.class.getResourceAsStream(SampleEvents.schemaFor(message))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static String section(String heading) throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("\n## " + heading + " ");
        assertTrue(start >= 0, "docs/events.md has a '## " + heading + "' section");
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }
}
