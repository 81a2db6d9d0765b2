package io.initwatch.trainer.telemetry;

/** Statistics over a slice of a float array, accumulated in double. Non-finite values propagate: they are data. */
final class Vectors {

    private Vectors() {
    }

    static double norm(float[] a, int start, int length) {
        double sum = 0;
        for (int i = start; i < start + length; i++) {
            sum += (double) a[i] * a[i];
        }
        return Math.sqrt(sum);
    }

    static double mean(float[] a, int start, int length) {
        double sum = 0;
        for (int i = start; i < start + length; i++) {
            sum += a[i];
        }
        return sum / length;
    }

    /** Population standard deviation. */
    static double std(float[] a, int start, int length, double mean) {
        double sum = 0;
        for (int i = start; i < start + length; i++) {
            double d = a[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / length);
    }

    static double distance(float[] a, float[] b, int start, int length) {
        double sum = 0;
        for (int i = start; i < start + length; i++) {
            double d = (double) b[i] - a[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
