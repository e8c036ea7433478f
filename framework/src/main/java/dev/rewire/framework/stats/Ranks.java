package dev.rewire.framework.stats;

import java.util.Arrays;

/**
 * Average ranks, as Spearman's correlation and the AUROC use them (scipy.stats.rankdata's
 * "average"): ranks from 1 in ascending order, values that tie ({@code ==}) sharing their mean rank.
 * -0.0 ties with 0.0; a NaN ties with nothing (each NaN takes its own rank, after every number, in
 * input order). Stateless and thread safe.
 */
public final class Ranks {

    private Ranks() {
    }

    /** Each value's average rank, in the values' order. */
    public static double[] average(double[] values) {
        int n = values.length;
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) {
                return averageByIndexSort(values);
            }
            sorted[i] = values[i] + 0.0;
        }
        Arrays.sort(sorted);
        // each run of ties' mean rank, stored at the run's first position: a value then finds its
        // rank with one binary search, where scanning to the run's end per value is quadratic in a
        // run's length (rewards of 0 and 1 make runs of half a batch)
        double[] runRank = new double[n];
        for (int first = 0; first < n; ) {
            int last = first;
            while (last + 1 < n && sorted[last + 1] == sorted[first]) {
                last++;
            }
            runRank[first] = (first + last) / 2.0 + 1;
            first = last + 1;
        }
        double[] rank = new double[n];
        for (int i = 0; i < n; i++) {
            rank[i] = runRank[firstIndexOf(sorted, values[i] + 0.0)];
        }
        return rank;
    }

    private static int firstIndexOf(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The ranks by sorting indices: what NaNs need (sorted values cannot tell one NaN from another), and what the fast path is tested against. */
    static double[] averageByIndexSort(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = average;
            }
            i = j + 1;
        }
        return rank;
    }
}
