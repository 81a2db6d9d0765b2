package io.initwatch.trainer.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.initwatch.trainer.training.DatasetSpec;

/** Turns a {@link DatasetSpec} into training and validation splits. */
public final class DatasetFactory {

    public static final List<String> NAMES = List.of("spirals", "circles", "blobs", "xor", "checkerboard", "regression",
            "iris", "csv");
    public static final int DEFAULT_BLOB_CLASSES = 3;
    private static final String IRIS_RESOURCE = "/datasets/iris.csv";
    private static final int IRIS_CLASSES = 3;

    private DatasetFactory() {
    }

    /**
     * Loads the data of a validated spec; a CSV's {@code csvPath} is then the real path the validator confined to
     * the data directory, read again here with the byte limit (its content may have changed since).
     */
    public static Dataset load(DatasetSpec spec) {
        return load(spec, CsvLimits.bytesOnly(spec.maxCsvBytes()));
    }

    /** {@link #load(DatasetSpec)} with every CSV limit, as the validator checks a file at submission. */
    public static Dataset load(DatasetSpec spec, CsvLimits csvLimits) {
        Table table = switch (spec.kind()) {
            case "spirals" -> SyntheticDatasets.spirals(spec.samples(), spec.noise(), spec.seed());
            case "circles" -> SyntheticDatasets.circles(spec.samples(), spec.noise(), spec.seed());
            case "blobs" -> SyntheticDatasets.blobs(spec.samples(),
                    spec.classes() == null ? DEFAULT_BLOB_CLASSES : spec.classes(), spec.noise(), spec.seed());
            case "xor", "checkerboard" -> SyntheticDatasets.xor(spec.samples(), spec.noise(), spec.seed());
            case "regression" -> SyntheticDatasets.regression(spec.samples(), spec.noise(), spec.seed());
            case "iris" -> iris();
            case "csv" -> CsvTable.read(Path.of(spec.csvPath()), String.valueOf(Path.of(spec.csvPath()).getFileName()),
                    spec.labelColumn(), spec.classes(), csvLimits);
            default -> throw new InvalidDatasetException("unknown dataset '" + spec.kind() + "'; use one of " + NAMES);
        };
        boolean userData = spec.kind().equals("csv") || spec.kind().equals("iris");
        String name = spec.kind().equals("csv") ? "csv:" + Path.of(spec.csvPath()).getFileName() : spec.kind();
        return Dataset.split(name, table, spec.validationFraction(), spec.seed(), userData);
    }

    private static Table iris() {
        try (InputStream in = DatasetFactory.class.getResourceAsStream(IRIS_RESOURCE)) {
            if (in == null) {
                throw new InvalidDatasetException("the Iris dataset is missing from the classpath (" + IRIS_RESOURCE + ")");
            }
            return CsvTable.read(new InputStreamReader(in, StandardCharsets.UTF_8), "iris", -1, IRIS_CLASSES,
                    new CsvLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, IRIS_CLASSES));
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read the Iris dataset: " + e.getMessage(), e);
        }
    }
}
