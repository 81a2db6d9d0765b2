package io.initwatch.trainer.training.data;

import java.io.IOException;
import java.io.Reader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classification table from CSV: comma-separated numbers, one example per line, an optional header
 * line (detected when its cells are not numbers), and one label column holding class indexes 0..k-1.
 * Every problem is reported with its line and column, because the user has to find it in their file.
 */
public final class CsvTable {

    private CsvTable() {
    }

    /**
     * @param labelColumn 0-based column of the class label; negative counts from the end (-1 = last)
     * @param classes     the number of classes, or null to infer it as max label + 1
     */
    public static Table read(Path path, int labelColumn, Integer classes, long maxBytes) {
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new InvalidDatasetException("CSV file " + path + " is " + size + " bytes; the limit is " + maxBytes
                        + " (initwatch.trainer.limits.max-csv-bytes)");
            }
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                return read(reader, path.toString(), labelColumn, classes);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException("CSV file not found: " + path);
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read CSV file " + path + ": " + e.getMessage(), e);
        }
    }

    public static Table read(Reader source, String name, int labelColumn, Integer classes) throws IOException {
        BufferedReader reader = new BufferedReader(source);
        List<double[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int width = -1;
        int label = -1;
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (width < 0) {
                width = cells.length;
                if (width < 2) {
                    throw new InvalidDatasetException(name + " line " + lineNumber
                            + ": need at least one feature column and one label column, found " + width + " column");
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
            double[] row = new double[width - 1];
            for (int col = 0, f = 0; col < width; col++) {
                String cell = cells[col].trim();
                if (col == label) {
                    labels.add(parseLabel(cell, name, lineNumber, col));
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
        if (max >= classCount) {
            int badLine = labels.indexOf(max);
            throw new InvalidDatasetException(name + ": label " + max + " (data row " + (badLine + 1)
                    + ") is out of range for " + classCount + " classes; labels must be 0.." + (classCount - 1));
        }
        long distinct = labels.stream().distinct().count();
        if (distinct < 2) {
            throw new InvalidDatasetException(name + ": every row has label " + labels.get(0)
                    + "; a classifier needs at least two classes");
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
            throw new InvalidDatasetException(name + " line " + line + " column " + (col + 1) + ": '" + cell
                    + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidDatasetException(name + " line " + line + " column " + (col + 1) + ": '" + cell
                    + "' is not a finite number");
        }
        return value;
    }

    private static int parseLabel(String cell, String name, int line, int col) {
        double value = parseNumber(cell, name, line, col);
        if (value < 0 || value != Math.rint(value)) {
            throw new InvalidDatasetException(name + " line " + line + " column " + (col + 1) + ": label '" + cell
                    + "' is out of range; labels must be class indexes 0, 1, 2, ...");
        }
        return (int) value;
    }
}
