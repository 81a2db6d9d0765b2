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
        RunRequestValidator validator = new RunRequestValidator(LIMITS, dir);
        assertTrue(rejectCsv(validator, "missing.csv", null).contains("CSV file not found: missing.csv"));
        assertTrue(rejectCsv(validator, write(dir, "x,y,label\n1,2,0\n3,four,1\n"), null)
                .contains("line 3 column 2: expected a number"));
        assertTrue(rejectCsv(validator, write(dir, "1,2,1\n3,4,1\n"), null)
                .contains("every data row (lines 1 to 2) has the same label"));
        assertTrue(rejectCsv(validator, write(dir, "1,2,0\n3,4,3\n"), 2)
                .contains("line 2 column 3: label out of range; labels must be 0..1 for 2 classes"));
        assertTrue(rejectCsv(validator, write(dir, "1,2,0\n3,4,-1\n"), null)
                .contains("line 2 column 3: expected a class index 0, 1, 2, ... as the label"));
        assertTrue(rejectCsv(validator, write(dir, "1,2,0\n3,4\n"), null).contains("line 2: 2 columns, expected 3"));
        String big = rejectCsv(validator, write(dir, "1,2,0\n".repeat(5000)), null);
        assertTrue(big.contains("is larger than 10000 bytes (initwatch.trainer.limits.max-csv-bytes)"), big);
    }

    @Test
    void errorsSayWhereAndWhatWasExpectedButNeverEchoTheFile(@TempDir Path dir) throws IOException {
        RunRequestValidator validator = new RunRequestValidator(LIMITS, dir);
        String secret = rejectCsv(validator, write(dir, "1,2,0\n3,AKIA-secret-key,1\n"), null);
        assertTrue(secret.contains("line 2 column 2: expected a number"), secret);
        assertTrue(!secret.contains("AKIA"), secret);
        String label = rejectCsv(validator, write(dir, "1,2,0\n3,4,0.5-secret\n"), null);
        assertTrue(!label.contains("secret"), label);
        String text = rejectCsv(validator, write(dir, "password=hunter2\n"), null);
        assertTrue(!text.contains("hunter2"), text);
    }

    @Test
    void csvPathMustNameARegularFileInsideTheDataDirectory(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("outside.csv"), "1,2,0\n3,4,1\n");
        RunRequestValidator validator = new RunRequestValidator(LIMITS, dir);
        for (String escape : List.of("../outside.csv", "../../etc/passwd", tmp.resolve("outside.csv").toString(),
                "/etc/passwd", "/dev/zero", "sub/../../outside.csv")) {
            String message = rejectCsv(validator, escape, null);
            assertTrue(message.contains("csvPath '" + escape + "' leads outside the trainer's data directory"), message);
        }
        Files.createSymbolicLink(dir.resolve("zero.csv"), Path.of("/dev/zero"));
        Files.createSymbolicLink(dir.resolve("linked.csv"), tmp.resolve("outside.csv"));
        for (String link : List.of("zero.csv", "linked.csv")) {
            String message = rejectCsv(validator, link, null);
            assertTrue(message.contains("leads outside the trainer's data directory through a symbolic link"), message);
        }
        Files.createDirectories(dir.resolve("folder.csv"));
        assertTrue(rejectCsv(validator, "folder.csv", null).contains("csvPath 'folder.csv' is not a regular file"));
        assertTrue(rejectCsv(new RunRequestValidator(LIMITS), "anything.csv", null)
                .contains("no data directory is configured"));

        // Inside it, relative or absolute, a link that stays inside included.
        Files.writeString(dir.resolve("good.csv"), "1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        Files.createSymbolicLink(dir.resolve("alias.csv"), dir.resolve("good.csv"));
        for (String ok : List.of("good.csv", dir.resolve("good.csv").toString(), "alias.csv")) {
            RunRequest r = new RunRequest(null, null, "csv", null, null, null, ok, null, null, 2, 4, null, null,
                    null, null, null, null, null, null, null);
            assertEquals(dir.resolve("good.csv").toRealPath().toString(), validator.validate(r).dataset().csvPath());
        }
    }

    @Test
    void aGoodCsvIsAccepted(@TempDir Path dir) throws IOException {
        Path csv = Path.of(write(dir, "label,x,y\n0,1,2\n1,3,4\n0,5,6\n1,7,8\n"));
        RunRequest r = new RunRequest(null, null, "csv", null, null, null, csv.getFileName().toString(), 0, null, 2, 4,
                null, null, null, null, null, null, null, null, null);
        RunPlan plan = new RunRequestValidator(LIMITS, dir).validate(r);
        assertEquals("csv", plan.dataset().kind());
        assertEquals(2, plan.dataset().classes(), "the class count found at submission is kept for the run");
    }

    private static String rejectCsv(RunRequestValidator validator, String csvPath, Integer classes) {
        RunRequest r = new RunRequest(null, null, "csv", null, null, classes, csvPath, null, null, 2, 4, null,
                null, null, null, null, null, null, null, null);
        return assertThrows(InvalidRunRequestException.class, () -> validator.validate(r)).getMessage();
    }

    /** Writes a CSV into the data directory and answers its csvPath (relative to it). */
    private static String write(Path dir, String content) throws IOException {
        Path file = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(file, content);
        return file.getFileName().toString();
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
