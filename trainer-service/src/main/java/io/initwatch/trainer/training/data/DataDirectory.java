package io.initwatch.trainer.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one folder whose files a run may train on ({@code initwatch.trainer.data-dir}). A run's {@code csvPath} is
 * resolved against it and must stay inside it, also after following symbolic links, and must name a regular file:
 * whoever may start runs may read CSVs put there (or uploaded), not {@code /etc/passwd}, a key file, or
 * {@code /dev/zero}.
 */
public final class DataDirectory {
    private static final String KEY = "initwatch.trainer.data-dir";

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The real path of the regular file {@code csvPath} names: relative to the data directory, or absolute but
     * inside it.
     *
     * @throws InvalidDatasetException saying what is wrong, naming the path only as the user gave it
     */
    public Path locate(String csvPath) {
        Path candidate;
        try {
            candidate = root.resolve(csvPath).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidDatasetException("csvPath '" + csvPath + "' is not a valid path");
        }
        if (!candidate.startsWith(root)) {
            throw outside(csvPath, "");
        }
        Path real;
        Path realRoot;
        try {
            realRoot = root.toRealPath();
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException("CSV file not found: " + csvPath + " (csvPath is relative to the trainer's "
                    + "data directory, " + KEY + "; upload a file with POST /api/datasets)");
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot open csvPath '" + csvPath + "' (" + e.getClass().getSimpleName() + ")");
        }
        if (!real.startsWith(realRoot)) {
            throw outside(csvPath, " through a symbolic link");
        }
        if (!Files.isRegularFile(real)) {
            throw new InvalidDatasetException("csvPath '" + csvPath + "' is not a regular file");
        }
        return real;
    }

    private static InvalidDatasetException outside(String csvPath, String how) {
        return new InvalidDatasetException("csvPath '" + csvPath + "' leads outside the trainer's data directory" + how
                + "; only files inside it can be trained on (" + KEY + "; or upload the file with POST /api/datasets)");
    }
}
