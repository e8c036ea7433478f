package dev.rewire.framework.stats;

/**
 * Exact binomial tests against chance: how likely {@code k} or more successes in {@code n}
 * trials are when each succeeds with probability {@code p} (a coin, for two-sided choices).
 * Filters use it to test an annotator's pooled behaviour (retest agreement, first-shown share,
 * picks under a framing) against what chance alone would give, instead of a fixed cutoff.
 * Stateless and thread safe.
 */
public final class ChanceTest {

    private ChanceTest() {
    }

    /** P(X >= k) for X ~ Binomial(n, p); 1 when k <= 0. */
    public static double upperTail(int k, int n, double p) {
        if (k <= 0) {
            return 1;
        }
        if (k > n || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        // Summed in log space, each term from the one before (O(n)), so n in the thousands
        // neither underflows nor costs n^2.
        double logOdds = Math.log(p) - Math.log1p(-p);
        double[] logTerms = new double[n - k + 1];
        logTerms[0] = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
        double max = logTerms[0];
        for (int i = k + 1; i <= n; i++) {
            logTerms[i - k] = logTerms[i - k - 1] + Math.log((double) (n - i + 1) / i) + logOdds;
            max = Math.max(max, logTerms[i - k]);
        }
        double sum = 0;
        for (double t : logTerms) {
            sum += Math.exp(t - max);
        }
        return Math.min(1, Math.exp(max) * sum);
    }

    /** Two-sided p-value of k successes in n fair coin flips: twice the smaller tail, capped at 1. */
    public static double twoSidedCoin(int k, int n) {
        if (n == 0) {
            return 1;
        }
        int extreme = Math.max(k, n - k);
        return Math.min(1, 2 * upperTail(extreme, n, 0.5));
    }

    static double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
