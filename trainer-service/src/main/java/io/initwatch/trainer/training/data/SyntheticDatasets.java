package io.initwatch.trainer.training.data;

import java.util.Random;

/**
 * Toy problems that need no download. Every generator is deterministic in its seed; {@code noise} is the
 * standard deviation of Gaussian jitter added to the features (to the target for regression).
 */
public final class SyntheticDatasets {

    /** Blob centres sit on a circle of this radius, far enough apart that the classes are separable. */
    private static final double BLOB_CENTRE_RADIUS = 2.0;
    private static final double BLOB_SPREAD = 0.5;
    private static final double SPIRAL_TURNS = 1.75;
    private static final double INNER_CIRCLE_RADIUS = 0.5;
    private static final double REGRESSION_RANGE = 2.0;

    private SyntheticDatasets() {
    }

    /** Two interleaved spirals, the classic "needs depth" problem. Two classes, two features. */
    public static Table spirals(int samples, double noise, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[samples][];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            int cls = i % 2;
            double r = (double) (i / 2 + 1) / ((samples + 1) / 2);
            double t = SPIRAL_TURNS * 2 * Math.PI * r + cls * Math.PI;
            x[i] = new double[] { r * Math.sin(t) + noise * random.nextGaussian(),
                    r * Math.cos(t) + noise * random.nextGaussian() };
            y[i] = cls;
        }
        return Table.classification(x, y, 2);
    }

    /** A ring around a disc. Two classes, two features. */
    public static Table circles(int samples, double noise, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[samples][];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            int cls = i % 2;
            double radius = cls == 0 ? INNER_CIRCLE_RADIUS : 1.0;
            double angle = random.nextDouble() * 2 * Math.PI;
            x[i] = new double[] { radius * Math.cos(angle) + noise * random.nextGaussian(),
                    radius * Math.sin(angle) + noise * random.nextGaussian() };
            y[i] = cls;
        }
        return Table.classification(x, y, 2);
    }

    /** Gaussian blobs, one per class, centres evenly spaced on a circle. Two features. */
    public static Table blobs(int samples, int classes, double noise, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[samples][];
        int[] y = new int[samples];
        double spread = BLOB_SPREAD + noise;
        for (int i = 0; i < samples; i++) {
            int cls = i % classes;
            double angle = 2 * Math.PI * cls / classes;
            x[i] = new double[] { BLOB_CENTRE_RADIUS * Math.cos(angle) + spread * random.nextGaussian(),
                    BLOB_CENTRE_RADIUS * Math.sin(angle) + spread * random.nextGaussian() };
            y[i] = cls;
        }
        return Table.classification(x, y, classes);
    }

    /** XOR / checkerboard on [-1, 1]²: the class is whether the signs of the two features differ. */
    public static Table xor(int samples, double noise, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[samples][];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            double a = random.nextDouble() * 2 - 1;
            double b = random.nextDouble() * 2 - 1;
            y[i] = (a > 0) != (b > 0) ? 1 : 0;
            x[i] = new double[] { a + noise * random.nextGaussian(), b + noise * random.nextGaussian() };
        }
        return Table.classification(x, y, 2);
    }

    /** y = sin(x₁) + ½·x₂ + noise on [-2, 2]²: one real-valued target, trained with MSE. */
    public static Table regression(int samples, double noise, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[samples][];
        double[][] y = new double[samples][];
        for (int i = 0; i < samples; i++) {
            double a = (random.nextDouble() * 2 - 1) * REGRESSION_RANGE;
            double b = (random.nextDouble() * 2 - 1) * REGRESSION_RANGE;
            x[i] = new double[] { a, b };
            y[i] = new double[] { Math.sin(a) + 0.5 * b + noise * random.nextGaussian() };
        }
        return Table.regression(x, y);
    }
}
