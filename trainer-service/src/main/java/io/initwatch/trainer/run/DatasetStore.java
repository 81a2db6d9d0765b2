package io.initwatch.trainer.run;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.initwatch.trainer.config.TrainerConfig;
import io.initwatch.trainer.training.data.CsvLimits;
import io.initwatch.trainer.training.data.CsvTable;
import io.initwatch.trainer.training.data.InvalidDatasetException;
import io.initwatch.trainer.training.data.Table;

/**
 * Keeps uploaded CSV files in the {@code uploads/} folder of {@code initwatch.trainer.data-dir}, after checking
 * that they can be trained on, so a run can name them by the {@code csvPath} answered here.
 */
@ApplicationScoped
public class DatasetStore {
    static final String UPLOADS = "uploads";

    private final Path dataDirectory;
    private final long maxBytes;
    private final CsvLimits limits;

    public DatasetStore(TrainerConfig config) {
        this.dataDirectory = Path.of(config.dataDir()).toAbsolutePath().normalize();
        Limits l = config.toLimits();
        this.maxBytes = l.maxCsvBytes();
        this.limits = new CsvLimits(l.maxCsvBytes(), l.maxSamples(), l.maxWidth(), l.maxWidth());
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
        // Only the last path element of the client's name, made safe, so an upload cannot write outside the folder.
        String last = fileName == null ? "" : fileName.substring(Math.max(fileName.lastIndexOf('/'),
                fileName.lastIndexOf('\\')) + 1);
        String safe = last.isBlank() ? "upload.csv" : last.replaceAll("[^A-Za-z0-9._-]", "_");
        Table table;
        try {
            table = CsvTable.read(new ByteArrayInputStream(content), safe, labelColumn, null, limits);
        } catch (InvalidDatasetException e) {
            throw new InvalidRunRequestException("bad dataset: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String relative = UPLOADS + "/" + UUID.randomUUID() + "-" + safe;
        Path target = dataDirectory.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, content, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload in the data directory", e);
        }
        return new StoredCsv(relative, table.rows(), table.inputSize(), table.classCount());
    }
}
