package dev.rewire.bundles.check.health;

import dev.rewire.framework.stats.Ranks;
import java.util.Arrays;

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
        return pearson(Ranks.average(x), Ranks.average(y));
    }
}
