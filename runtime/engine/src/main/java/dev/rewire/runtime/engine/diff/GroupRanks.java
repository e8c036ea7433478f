package dev.rewire.runtime.engine.diff;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.diff.DiffSummary.RankFigures;
import java.util.Comparator;
import java.util.List;

/**
 * Rank changes within prompt groups between two scorings: whether the best sample changed, how far
 * samples moved in rank, and Kendall tau-b between the two rankings. Groups are small (a prompt's
 * rollouts), so the quadratic pair count is cheap.
 */
final class GroupRanks {

    private long groups;
    private long argmaxChanged;
    private long rankedSamples;
    private double sumAbsRankShift;
    private long groupsWithTau;
    private double sumTau;

    /** One group: pairs of (base, candidate) records of the same samples. */
    void add(List<RewardRecord[]> group) {
        int n = group.size();
        if (n < 2) {
            return;
        }
        group.sort(Comparator.comparing(p -> p[0].id()));
        double[] base = new double[n];
        double[] candidate = new double[n];
        for (int i = 0; i < n; i++) {
            base[i] = group.get(i)[0].reward();
            candidate[i] = group.get(i)[1].reward();
        }
        groups++;
        if (argmax(base) != argmax(candidate)) {
            argmaxChanged++;
        }
        double[] rb = ranks(base);
        double[] rc = ranks(candidate);
        for (int i = 0; i < n; i++) {
            sumAbsRankShift += Math.abs(rc[i] - rb[i]);
        }
        rankedSamples += n;
        double tau = kendallTauB(base, candidate);
        if (!Double.isNaN(tau)) {
            groupsWithTau++;
            sumTau += tau;
        }
    }

    /** The first index of the highest value (values are in id order, so ties go to the smallest id). */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Descending ranks from 1; tied values share the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int greater = 0;
            int equal = 0;
            for (double w : v) {
                if (w > v[i]) {
                    greater++;
                } else if (w == v[i]) {
                    equal++;
                }
            }
            r[i] = greater + (equal + 1) / 2.0;
        }
        return r;
    }

    /** Kendall tau-b; NaN when one side is all ties (no ordering to compare). */
    static double kendallTauB(double[] a, double[] b) {
        long concordant = 0;
        long discordant = 0;
        long tiedA = 0;
        long tiedB = 0;
        long pairs = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                pairs++;
                double da = Math.signum(a[i] - a[j]);
                double db = Math.signum(b[i] - b[j]);
                if (da == 0) {
                    tiedA++;
                }
                if (db == 0) {
                    tiedB++;
                }
                if (da * db > 0) {
                    concordant++;
                } else if (da * db < 0) {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (pairs - tiedA) * (pairs - tiedB));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    RankFigures figures() {
        return new RankFigures(groups, argmaxChanged, groups == 0 ? Double.NaN : (double) argmaxChanged / groups,
                rankedSamples == 0 ? Double.NaN : sumAbsRankShift / rankedSamples,
                groupsWithTau == 0 ? Double.NaN : sumTau / groupsWithTau, groupsWithTau);
    }
}
