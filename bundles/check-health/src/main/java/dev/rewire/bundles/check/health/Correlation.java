package dev.rewire.bundles.check.health;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Pearson and Spearman correlation; NaN when either side has no spread or there are fewer than 2 points. */
final class Correlation {

    private Correlation() {
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Pearson over average ranks (ties share their mean rank), as scipy.stats.spearmanr. */
    static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        int n = v.length;
        // -0.0 and 0.0 tie (==), so both are read as 0.0; NaNs never tie, which sorting cannot say
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                return ranksByIndexSort(v);
            }
            sorted[i] = v[i] + 0.0;
        }
        Arrays.sort(sorted);
        // each run of ties' mean rank, stored at the run's first position: a value then finds its
        // rank with one binary search, where scanning to the run's end per value is quadratic in a
        // run's length (rewards of 0 and 1 over a whole run are long runs)
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
            rank[i] = runRank[firstIndexOf(sorted, v[i] + 0.0)];
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

    static double[] ranksByIndexSort(double[] v) {
        int n = v.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                rank[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return rank;
    }
}
