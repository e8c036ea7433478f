package dev.rewire.framework.stats;

import java.util.List;

/**
 * Dawid and Skene (1979): each annotator's confusion matrix and each item's true class,
 * estimated together by EM from noisy labels. Initialized from the per-item majority vote.
 * Not thread safe while fitting; the result is immutable.
 */
public final class DawidSkene {

    /** One label: item index, annotator index, class index. */
    public record Label(int item, int annotator, int label) {
    }

    /**
     * The fit.
     *
     * @param posterior  per item, the probability of each class
     * @param confusion  per annotator, P(label l | true class k) as [k][l]
     * @param prior      class priors
     * @param iterations EM iterations run
     */
    public record Fit(double[][] posterior, double[][][] confusion, double[] prior, int iterations) {
    }

    private DawidSkene() {
    }

    public static Fit fit(List<Label> labels, int items, int annotators, int classes, int maxIterations) {
        double[][] t = new double[items][classes];
        for (Label l : labels) {
            t[l.item()][l.label()] += 1;
        }
        for (double[] row : t) {
            normalize(row, 1.0 / classes);
        }
        double[][][] pi = new double[annotators][classes][classes];
        double[] prior = new double[classes];
        int it = 0;
        for (; it < maxIterations; it++) {
            // M step: priors and confusion matrices (a small pseudo-count keeps them away from 0).
            for (double[][] m : pi) {
                for (double[] row : m) {
                    java.util.Arrays.fill(row, 0.01);
                }
            }
            java.util.Arrays.fill(prior, 0);
            for (double[] row : t) {
                for (int k = 0; k < classes; k++) {
                    prior[k] += row[k];
                }
            }
            normalize(prior, 1.0 / classes);
            for (Label l : labels) {
                for (int k = 0; k < classes; k++) {
                    pi[l.annotator()][k][l.label()] += t[l.item()][k];
                }
            }
            for (double[][] m : pi) {
                for (double[] row : m) {
                    normalize(row, 1.0 / classes);
                }
            }
            // E step: item posteriors in log space.
            double[][] log = new double[items][classes];
            for (int i = 0; i < items; i++) {
                for (int k = 0; k < classes; k++) {
                    log[i][k] = Math.log(prior[k]);
                }
            }
            for (Label l : labels) {
                for (int k = 0; k < classes; k++) {
                    log[l.item()][k] += Math.log(pi[l.annotator()][k][l.label()]);
                }
            }
            double change = 0;
            for (int i = 0; i < items; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : log[i]) {
                    max = Math.max(max, v);
                }
                double[] next = new double[classes];
                for (int k = 0; k < classes; k++) {
                    next[k] = Math.exp(log[i][k] - max);
                }
                normalize(next, 1.0 / classes);
                for (int k = 0; k < classes; k++) {
                    change = Math.max(change, Math.abs(next[k] - t[i][k]));
                }
                t[i] = next;
            }
            if (change < 1e-9) {
                it++;
                break;
            }
        }
        return new Fit(t, pi, prior, it);
    }

    private static void normalize(double[] v, double fallback) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = sum == 0 ? fallback : v[i] / sum;
        }
    }
}
