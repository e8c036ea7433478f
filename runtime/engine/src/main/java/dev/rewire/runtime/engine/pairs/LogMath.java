package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.K;

import java.util.Arrays;

/**
 * Mixtures of the types in log space, as the {@link TypeModel}'s steps combine them: a type with
 * no share or an impossible likelihood drops out rather than turning a sum into NaN. Stateless.
 */
final class LogMath {

    private LogMath() {
    }

    /** P(z | the signal) under a mix, from per-type log-likelihoods. */
    static double[] responsibilities(double[] mix, double[] logLik) {
        double[] out = new double[K];
        double total = logMix(mix, logLik);
        if (total == Double.NEGATIVE_INFINITY) {
            return out;
        }
        for (int z = 0; z < K; z++) {
            out[z] = mix[z] > 0 && logLik[z] != Double.NEGATIVE_INFINITY ? Math.exp(Math.log(mix[z]) + logLik[z] - total) : 0;
        }
        return out;
    }

    /** log sum_z mix(z) exp(logLik(z)). */
    static double logMix(double[] mix, double[] logLik) {
        double max = Double.NEGATIVE_INFINITY;
        for (int z = 0; z < K; z++) {
            if (mix[z] > 0 && logLik[z] != Double.NEGATIVE_INFINITY) {
                max = Math.max(max, Math.log(mix[z]) + logLik[z]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int z = 0; z < K; z++) {
            if (mix[z] > 0 && logLik[z] != Double.NEGATIVE_INFINITY) {
                sum += Math.exp(Math.log(mix[z]) + logLik[z] - max);
            }
        }
        return max + Math.log(sum);
    }

    /** log sum_z mix(z) L(z, t). */
    static double logMarginal(double[] mix, double[][] logLik, int t) {
        double[] at = new double[K];
        for (int z = 0; z < K; z++) {
            at[z] = logLik[z][t];
        }
        return logMix(mix, at);
    }

    static double logSumExp(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }

    static void normalize(double[] v) {
        double sum = Arrays.stream(v).sum();
        if (sum > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= sum;
            }
        }
    }

    static double[] softmax(double[] log) {
        double max = Math.max(log[0], log[1]);
        if (max == Double.NEGATIVE_INFINITY) {
            return new double[] {0.5, 0.5};
        }
        double a = Math.exp(log[0] - max);
        double b = Math.exp(log[1] - max);
        return new double[] {a / (a + b), b / (a + b)};
    }
}
