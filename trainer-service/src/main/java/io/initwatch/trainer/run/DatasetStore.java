package io.initwatch.trainer.run;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.initwatch.trainer.config.TrainerConfig;
import io.initwatch.trainer.training.data.CsvTable;
import io.initwatch.trainer.training.data.InvalidDatasetException;
import io.initwatch.trainer.training.data.Table;

/** Keeps uploaded CSV files in {@code initwatch.trainer.upload-dir}, after checking that they can be trained on. */
@ApplicationScoped
public class DatasetStore {

    private final Path directory;
    private final long maxBytes;

    public DatasetStore(TrainerConfig config) {
        this.directory = Path.of(config.uploadDir());
        this.maxBytes = config.limits().maxCsvBytes();
    }

    /** What an upload became: the path to use as {@code csvPath}, and what was found in it. */
    public record StoredCsv(String csvPath, int rows, int features, int classes) {
    }

    public StoredCsv storeCsv(String fileName, byte[] content, int labelColumn) {
        if (content.length == 0) {
            throw new InvalidRunRequestException("the upload is empty: send the CSV file as the request body");
        }
        if (content.length > maxBytes) {
            throw new InvalidRunRequestException("the CSV is " + content.length + " bytes; the limit is " + maxBytes
                    + " (initwatch.trainer.limits.max-csv-bytes)");
        }
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName;
        Table table;
        try {
            table = CsvTable.read(new StringReader(new String(content, StandardCharsets.UTF_8)), name, labelColumn, null);
        } catch (InvalidDatasetException e) {
            throw new InvalidRunRequestException("bad dataset: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Only the last path element of the client's name, made safe, so an upload cannot write outside the folder.
        String safe = Path.of(name).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        Path target = directory.resolve(UUID.randomUUID() + "-" + safe);
        try {
            Files.createDirectories(directory);
            Files.write(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload in " + directory, e);
        }
        return new StoredCsv(target.toAbsolutePath().toString(), table.rows(), table.inputSize(), table.classCount());
    }
}
