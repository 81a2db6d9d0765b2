package io.initwatch.trainer.training.data;

/**
 * Examples as plain arrays, before they become ND4J arrays: features row by row, and either a class index or
 * regression targets per row.
 */
public record Table(double[][] features, int[] classes, double[][] targets, int classCount) {

    public static Table classification(double[][] features, int[] classes, int classCount) {
        return new Table(features, classes, null, classCount);
    }

    public static Table regression(double[][] features, double[][] targets) {
        return new Table(features, null, targets, 0);
    }

    public Task task() {
        return classes != null ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    public int rows() {
        return features.length;
    }

    public int inputSize() {
        return features[0].length;
    }

    public int outputSize() {
        return task() == Task.CLASSIFICATION ? classCount : targets[0].length;
    }

    /** The rows at the given indexes, in that order. */
    public Table select(int[] rows) {
        double[][] x = new double[rows.length][];
        int[] c = classes == null ? null : new int[rows.length];
        double[][] y = targets == null ? null : new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            x[i] = features[rows[i]];
            if (c != null) {
                c[i] = classes[rows[i]];
            }
            if (y != null) {
                y[i] = targets[rows[i]];
            }
        }
        return new Table(x, c, y, classCount);
    }
}
