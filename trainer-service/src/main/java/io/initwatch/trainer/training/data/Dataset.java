package io.initwatch.trainer.training.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dataset ready to train on: a training split and an optional validation split.
 *
 * @param name       as reported in the run config, e.g. {@code spirals}, {@code iris}, {@code csv:data.csv}
 * @param validation null when the validation fraction is 0
 */
public record Dataset(String name, Task task, int inputSize, int outputSize, DataSet train, DataSet validation) {

    /**
     * Shuffles the table with the seed and splits off the validation fraction. Features are standardized with
     * the training split's mean and std when asked, so that a user's raw columns do not masquerade as a bad
     * initialization.
     */
    public static Dataset split(String name, Table table, double validationFraction, long seed, boolean standardize) {
        int n = table.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Random random = new java.util.Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int validationRows = (int) Math.round(n * validationFraction);
        if (validationFraction > 0 && validationRows == 0) {
            validationRows = 1;
        }
        int trainRows = n - validationRows;
        if (trainRows < 1) {
            throw new InvalidDatasetException("dataset " + name + " has " + n + " rows: nothing left to train on after a "
                    + validationFraction + " validation split");
        }
        Table train = table.select(java.util.Arrays.copyOfRange(order, 0, trainRows));
        Table validation = validationRows == 0 ? null : table.select(java.util.Arrays.copyOfRange(order, trainRows, n));
        if (standardize) {
            double[][] stats = columnMeanAndStd(train.features());
            train = standardized(train, stats);
            validation = validation == null ? null : standardized(validation, stats);
        }
        return new Dataset(name, table.task(), table.inputSize(), table.outputSize(), toDataSet(train),
                validation == null ? null : toDataSet(validation));
    }

    private static double[][] columnMeanAndStd(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
        }
        for (int j = 0; j < d; j++) {
            // A constant column stays as it is (centred) rather than dividing by zero.
            std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1.0;
        }
        return new double[][] { mean, std };
    }

    private static Table standardized(Table t, double[][] stats) {
        double[][] x = new double[t.rows()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[t.inputSize()];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (t.features()[i][j] - stats[0][j]) / stats[1][j];
            }
        }
        return new Table(x, t.classes(), t.targets(), t.classCount());
    }

    private static DataSet toDataSet(Table t) {
        var features = Nd4j.create(t.features()).castTo(DataType.FLOAT);
        double[][] labels;
        if (t.task() == Task.CLASSIFICATION) {
            labels = new double[t.rows()][t.classCount()];
            for (int i = 0; i < t.rows(); i++) {
                labels[i][t.classes()[i]] = 1.0;
            }
        } else {
            labels = t.targets();
        }
        return new DataSet(features, Nd4j.create(labels).castTo(DataType.FLOAT));
    }
}
