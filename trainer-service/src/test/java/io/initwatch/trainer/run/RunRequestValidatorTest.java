package io.initwatch.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.initwatch.events.Activation;
import io.initwatch.events.WeightInit;
import io.initwatch.trainer.training.RunPlan;

class RunRequestValidatorTest {

    private static final Limits LIMITS = new Limits(100, 1024, 20000, 1000, 5_000_000, 10, 10_000);
    private final RunRequestValidator validator = new RunRequestValidator(LIMITS);

    @Test
    void anEmptyRequestGetsTheDocumentedDefaults() {
        RunPlan plan = validator.validate(run(null, null, null, null, null, null));
        assertEquals("spirals", plan.dataset().kind());
        assertEquals(30, plan.hidden().size());
        assertEquals(32, plan.hidden().get(0).width());
        assertEquals(Activation.RELU, plan.hidden().get(0).activation());
        assertEquals(WeightInit.HE_NORMAL, plan.outputInit());
        assertEquals("sgd", plan.optimizer());
        assertEquals(20, plan.epochs());
        assertEquals("spirals 30x32 relu he-normal", plan.name());
    }

    @Test
    void perLayerSettingsOverrideTheRunsOnes() {
        RunRequest r = new RunRequest(null, null, "blobs", null, null, null, null, null, null, null, 16, "relu",
                "he-normal", null, List.of(new LayerRequest(8, "tanh", "xavier-uniform", null),
                        new LayerRequest(null, null, "custom-normal", 0.3)),
                null, null, null, null, null);
        RunPlan plan = validator.validate(r);
        assertEquals(2, plan.hidden().size());
        assertEquals(Activation.TANH, plan.hidden().get(0).activation());
        assertEquals(8, plan.hidden().get(0).width());
        assertEquals(16, plan.hidden().get(1).width());
        assertEquals(WeightInit.CUSTOM_NORMAL, plan.hidden().get(1).weightInit());
        assertEquals(0.3, plan.hidden().get(1).initScale());
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        String message = reject(run("Swish", 0, -1.0, "adamw", null, null));
        assertTrue(message.contains("unknown activation 'Swish'"), message);
        assertTrue(message.contains("hiddenLayers must be between 1 and 100, got 0"), message);
        assertTrue(message.contains("learningRate must be > 0"), message);
        assertTrue(message.contains("unknown optimizer 'adamw'"), message);
    }

    @Test
    void absurdSizesAreRefused() {
        assertTrue(reject(run(null, 5000, null, null, null, null)).contains("hiddenLayers must be between 1 and 100"));
        RunRequest wide = new RunRequest(null, null, null, 1_000_000, null, null, null, null, null, 100, 1024, null,
                null, null, null, null, null, null, 100_000, null);
        String message = reject(wide);
        assertTrue(message.contains("samples must be between 4 and 20000"), message);
        assertTrue(message.contains("epochs must be between 1 and 1000"), message);
        RunRequest huge = new RunRequest(null, null, null, null, null, null, null, null, null, 100, 1024, null, null,
                null, null, null, null, null, null, null);
        assertTrue(reject(huge).contains("parameters; the limit is 5000000"));
    }

    @Test
    void schemesWithAParameterNeedIt() {
        assertTrue(reject(run(null, null, null, null, "custom-normal", null)).contains("custom-normal needs a finite initScale"));
        assertTrue(reject(run(null, null, null, null, "custom-normal", -1.0)).contains("must be > 0"));
        assertTrue(reject(run(null, null, null, null, "constant", null)).contains("constant needs a finite initScale"));
        assertTrue(reject(run(null, null, null, null, "glorot", null)).contains("unknown weightInit 'glorot'"));
        assertEquals(0.7, validator.validate(run(null, null, null, null, "custom-normal", 0.7)).outputInitScale());
    }

    @Test
    void badCsvFilesAreRefusedWithTheLineAndColumn(@TempDir Path dir) throws IOException {
        assertTrue(rejectCsv(dir.resolve("missing.csv"), null).contains("CSV file not found"));
        assertTrue(rejectCsv(write(dir, "x,y,label\n1,2,0\n3,four,1\n"), null)
                .contains("line 3 column 2: 'four' is not a number"));
        assertTrue(rejectCsv(write(dir, "1,2,1\n3,4,1\n"), null).contains("every row has label 1"));
        assertTrue(rejectCsv(write(dir, "1,2,0\n3,4,3\n"), 2).contains("label 3 (data row 2) is out of range for 2 classes"));
        assertTrue(rejectCsv(write(dir, "1,2,0\n3,4,-1\n"), null).contains("label '-1' is out of range"));
        assertTrue(rejectCsv(write(dir, "1,2,0\n3,4\n"), null).contains("line 2: 2 columns, expected 3"));
        Path big = write(dir, "1,2,0\n".repeat(5000));
        assertTrue(rejectCsv(big, null).contains("the limit is 10000"));
    }

    @Test
    void aGoodCsvIsAccepted(@TempDir Path dir) throws IOException {
        Path csv = write(dir, "label,x,y\n0,1,2\n1,3,4\n0,5,6\n1,7,8\n");
        RunRequest r = new RunRequest(null, null, "csv", null, null, null, csv.toString(), 0, null, 2, 4, null, null,
                null, null, null, null, null, null, null);
        assertEquals("csv", validator.validate(r).dataset().kind());
    }

    private String rejectCsv(Path path, Integer classes) {
        RunRequest r = new RunRequest(null, null, "csv", null, null, classes, path.toString(), null, null, 2, 4, null,
                null, null, null, null, null, null, null, null);
        return reject(r);
    }

    private static Path write(Path dir, String content) throws IOException {
        Path file = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(file, content);
        return file;
    }

    private String reject(RunRequest request) {
        return assertThrows(InvalidRunRequestException.class, () -> validator.validate(request)).getMessage();
    }

    private static RunRequest run(String activation, Integer hidden, Double lr, String optimizer, String init,
            Double scale) {
        return new RunRequest(null, null, null, null, null, null, null, null, null, hidden, null, activation, init,
                scale, null, optimizer, lr, null, null, null);
    }
}
