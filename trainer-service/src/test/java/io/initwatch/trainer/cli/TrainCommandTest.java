package io.initwatch.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.initwatch.trainer.run.RunRequest;

/** The CLI reads the REST run config from a file and lets flags override any field. */
class TrainCommandTest {

    private final TrainCommand command = new TrainCommand();

    TrainCommandTest() {
        command.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Test
    void flagsOverrideTheConfigFile(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("run.json");
        Files.writeString(config, "{\"dataset\":\"circles\",\"hiddenLayers\":5,\"activation\":\"tanh\",\"epochs\":5}");
        RunRequest r = command.parse(new String[] { "--config", config.toString(), "--epochs", "8",
                "--weight-init", "custom-normal", "--initScale", "0.5", "--layers", "[{\"width\":4}]" });
        assertEquals("circles", r.dataset());
        assertEquals(5, r.hiddenLayers());
        assertEquals(8, r.epochs());
        assertEquals("custom-normal", r.weightInit());
        assertEquals(0.5, r.initScale());
        assertEquals(4, r.layers().get(0).width());
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) {
        String typo = assertThrows(IllegalArgumentException.class,
                () -> command.parse(new String[] { "--activaton", "relu" })).getMessage();
        assertTrue(typo.contains("unknown field 'activaton'"), typo);
        String dangling = assertThrows(IllegalArgumentException.class,
                () -> command.parse(new String[] { "--epochs" })).getMessage();
        assertTrue(dangling.contains("expected --<field> <value>"), dangling);
        String missing = assertThrows(IllegalArgumentException.class,
                () -> command.parse(new String[] { "--config", dir.resolve("none.json").toString() })).getMessage();
        assertTrue(missing.contains("cannot read"), missing);
    }
}
