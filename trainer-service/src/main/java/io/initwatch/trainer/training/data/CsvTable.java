package io.initwatch.trainer.training.data;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classification table from CSV: comma-separated numbers, one example per line, an optional header
 * line (detected when its cells are not numbers), and one label column holding class indexes 0..k-1.
 * Every problem is reported with its line and column and what was expected there, because the user has to find
 * it in their file; never with the cell's text, so an error cannot be used to read a file out.
 */
public final class CsvTable {
    private static final char NOT_UTF_8 = '\uFFFD';

    private CsvTable() {
    }

    /**
     * Reads a file the caller has already confined (see {@link DataDirectory}). The file must be a regular file
     * and is opened without following a symbolic link; at most {@code limits.maxBytes()} bytes are read, whatever
     * its size says, so {@code /dev/zero} or a file that grows while it is read cannot exhaust memory.
     *
     * @param name        how messages name the file (the user's csvPath, not where it really is)
     * @param labelColumn 0-based column of the class label; negative counts from the end (-1 = last)
     * @param classes     the number of classes, or null to infer it as max label + 1
     */
    public static Table read(Path path, String name, int labelColumn, Integer classes, CsvLimits limits) {
        try {
            if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                throw new InvalidDatasetException(name + " is not a regular file");
            }
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                return read(in, name, labelColumn, classes, limits);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException("CSV file not found: " + name);
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read CSV file " + name + " (" + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /** Reads at most {@code limits.maxBytes()} bytes of UTF-8 text from {@code source}. */
    public static Table read(InputStream source, String name, int labelColumn, Integer classes, CsvLimits limits)
            throws IOException {
        // Bytes that are not UTF-8 become U+FFFD and are reported with their line below; a decoder that throws
        // instead would do so a whole buffer ahead, on the wrong line.
        Reader text = new InputStreamReader(new BoundedInputStream(source, limits.maxBytes(), name),
                StandardCharsets.UTF_8);
        return read(text, name, labelColumn, classes, limits);
    }

    public static Table read(Reader source, String name, int labelColumn, Integer classes, CsvLimits limits)
            throws IOException {
        BufferedReader reader = new BufferedReader(source);
        List<double[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> labelLines = new ArrayList<>();
        int maxLabel = (classes != null ? Math.min(classes, limits.maxClasses()) : limits.maxClasses()) - 1;
        int width = -1;
        int label = -1;
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (line.indexOf(NOT_UTF_8) >= 0) {
                throw new InvalidDatasetException(name + " line " + lineNumber + ": expected UTF-8 text");
            }
            String[] cells = line.split(",", -1);
            if (width < 0) {
                width = cells.length;
                if (width < 2) {
                    throw new InvalidDatasetException(name + " line " + lineNumber
                            + ": need at least one feature column and one label column, found " + width + " column");
                }
                if (width - 1 > limits.maxFeatures()) {
                    throw new InvalidDatasetException(name + " line " + lineNumber + ": " + (width - 1)
                            + " feature columns; at most " + limits.maxFeatures()
                            + " are allowed (initwatch.trainer.limits.max-width)");
                }
                label = labelColumn < 0 ? width + labelColumn : labelColumn;
                if (label < 0 || label >= width) {
                    throw new InvalidDatasetException(name + ": label column " + labelColumn + " does not exist (the file has "
                            + width + " columns)");
                }
                if (isHeader(cells)) {
                    continue;
                }
            } else if (cells.length != width) {
                throw new InvalidDatasetException(name + " line " + lineNumber + ": " + cells.length + " columns, expected "
                        + width);
            }
            if (features.size() == limits.maxRows()) {
                throw new InvalidDatasetException(name + " has more than " + limits.maxRows()
                        + " data rows (initwatch.trainer.limits.max-samples)");
            }
            double[] row = new double[width - 1];
            for (int col = 0, f = 0; col < width; col++) {
                String cell = cells[col].trim();
                if (col == label) {
                    labels.add(parseLabel(cell, name, lineNumber, col, maxLabel, classes));
                    labelLines.add(lineNumber);
                } else {
                    row[f++] = parseNumber(cell, name, lineNumber, col);
                }
            }
            features.add(row);
        }
        if (features.isEmpty()) {
            throw new InvalidDatasetException(name + " has no data rows");
        }
        int max = labels.stream().mapToInt(Integer::intValue).max().orElse(0);
        int classCount = classes != null ? classes : max + 1;
        long distinct = labels.stream().distinct().count();
        if (distinct < 2) {
            throw new InvalidDatasetException(name + ": every data row (lines " + labelLines.get(0) + " to "
                    + labelLines.get(labelLines.size() - 1) + ") has the same label; a classifier needs at least two classes");
        }
        return Table.classification(features.toArray(double[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray(), classCount);
    }

    private static boolean isHeader(String[] cells) {
        for (String cell : cells) {
            if (isNumber(cell.trim())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parseNumber(String cell, String name, int line, int col) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new InvalidDatasetException(name + " line " + line + " column " + (col + 1) + ": expected a number");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidDatasetException(name + " line " + line + " column " + (col + 1)
                    + ": expected a finite number, not NaN or Infinity");
        }
        return value;
    }

    private static int parseLabel(String cell, String name, int line, int col, int maxLabel, Integer classes) {
        double value = parseNumber(cell, name, line, col);
        String where = name + " line " + line + " column " + (col + 1) + ": ";
        if (value < 0 || value != Math.rint(value)) {
            throw new InvalidDatasetException(where + "expected a class index 0, 1, 2, ... as the label");
        }
        if (value > maxLabel) {
            throw new InvalidDatasetException(where + "label out of range; labels must be 0.." + maxLabel
                    + (classes != null ? " for " + classes + " classes"
                            : " (at most " + (maxLabel + 1) + " classes, initwatch.trainer.limits.max-width)"));
        }
        return (int) value;
    }

    /** Ends the read with a clear refusal once more than {@code max} bytes have come through. */
    private static final class BoundedInputStream extends FilterInputStream {
        private final long max;
        private final String name;
        private long count;

        BoundedInputStream(InputStream in, long max, String name) {
            super(in);
            this.max = max;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Never ask for more than one byte past the limit: enough to notice the file is too big.
            long allowed = Math.max(1, max + 1 - count);
            int n = super.read(buffer, offset, (int) Math.min(length, allowed));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, Math.max(0, max + 1 - count)));
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            count += n;
            if (count > max) {
                throw new InvalidDatasetException(name + " is larger than " + max
                        + " bytes (initwatch.trainer.limits.max-csv-bytes)");
            }
        }
    }
}
