package io.initwatch.trainer.telemetry;

/** Weight norm, mean and std per layer, and the size of the last update, from copies of the flat parameters. */
final class WeightProbe {

    private WeightProbe() {
    }

    /** {@code [layer]} = {norm, mean, std}. */
    static double[][] measure(float[] params, ParamLayout layout, int layers) {
        double[][] out = new double[layers][];
        for (int i = 0; i < layers; i++) {
            int start = layout.weightStart(i);
            int length = layout.weightLength(i);
            double mean = Vectors.mean(params, start, length);
            out[i] = new double[] { Vectors.norm(params, start, length), mean,
                    Vectors.std(params, start, length, mean) };
        }
        return out;
    }

    /**
     * ‖W_after − W_before‖ / ‖W_before‖ per layer. A layer that did not move reports 0 (even from all-zero
     * weights); one that moved away from all-zero weights has no defined ratio and reports null.
     */
    static Double[] updateRatios(float[] before, float[] after, ParamLayout layout, int layers) {
        Double[] ratios = new Double[layers];
        for (int i = 0; i < layers; i++) {
            int start = layout.weightStart(i);
            int length = layout.weightLength(i);
            double delta = Vectors.distance(before, after, start, length);
            double norm = Vectors.norm(before, start, length);
            if (delta == 0.0) {
                ratios[i] = 0.0;
            } else if (norm == 0.0) {
                ratios[i] = null;
            } else {
                ratios[i] = delta / norm;
            }
        }
        return ratios;
    }
}
