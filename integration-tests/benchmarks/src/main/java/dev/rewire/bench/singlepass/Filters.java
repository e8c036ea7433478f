package dev.rewire.bench.singlepass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bundled annotation filters' verdicts on the samples of one batch that carry judgments, with
 * their default settings: speed (median time under 2000 ms, or an annotator's run of 20 same-side
 * choices: ARTIFACT), position (an annotator with 20+ choices more than 0.3 from half on the first
 * side: ARTIFACT), test-retest (stability under 0.75: NON_ATTITUDE) and framing (picks that follow the
 * framing: CONSTRUCTED). Transitivity applies to preference pairs only. The most severe verdict wins.
 * Only verdicts are computed, not the filters' reason texts, which no rule or record reads.
 */
final class Filters {

    static final long FLOOR_MS = 2000;
    static final int MAX_RUN = 20;
    static final int MIN_JUDGMENTS = 20;
    static final double MAX_BIAS = 0.3;
    static final double MIN_STABILITY = 0.75;

    private static final int ARTIFACTS = 1;
    private static final int RETEST = 2;

    private Filters() {
    }

    /** Sets verdict and filterBundles of every sample of the batch. */
    static void judge(List<Sample> samples) {
        // per annotator over the batch, in input order: choices, first-side choices, longest same-side run
        Map<String, int[]> annotators = new HashMap<>();
        for (Sample s : samples) {
            s.verdict = null;
            s.filterBundles = 0;
            for (Sample.Judgment j : s.judgments) {
                if (!j.isChoice()) {
                    continue;
                }
                int[] a = annotators.computeIfAbsent(j.annotator(), k -> new int[] {0, 0, 0, 0, -1});
                boolean left = j.pickedLeft();
                a[0]++;
                a[1] += left ? 1 : 0;
                a[3] = a[4] == (left ? 1 : 0) ? a[3] + 1 : 1;
                a[4] = left ? 1 : 0;
                a[2] = Math.max(a[2], a[3]);
            }
        }
        for (Sample s : samples) {
            if (s.judgments.isEmpty()) {
                continue;
            }
            int[] a = annotators.get(s.judgments.get(0).annotator());
            speed(s, a == null ? 0 : a[2]);
            if (a != null && a[0] >= MIN_JUDGMENTS) {
                double share = (double) a[1] / a[0];
                give(s, Math.abs(share - 0.5) > MAX_BIAS ? Verdict.ARTIFACT : Verdict.GENUINE, ARTIFACTS);
            }
            testRetest(s);
            framing(s);
        }
    }

    private static void give(Sample s, Verdict v, int bundle) {
        s.verdict = Verdict.worse(s.verdict, v);
        s.filterBundles |= bundle;
    }

    private static void speed(Sample s, int longestRun) {
        double[] times = new double[s.judgments.size()];
        int n = 0;
        for (Sample.Judgment j : s.judgments) {
            if (j.timeMs() != Sample.Judgment.NO_TIME) {
                times[n++] = j.timeMs();
            }
        }
        double median = Double.NaN;
        if (n > 0) {
            Arrays.sort(times, 0, n);
            median = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2.0;
        }
        if (median < FLOOR_MS || longestRun >= MAX_RUN) {
            give(s, Verdict.ARTIFACT, ARTIFACTS);
        } else if (!Double.isNaN(median)) {
            give(s, Verdict.GENUINE, ARTIFACTS);
        }
    }

    private static void testRetest(Sample s) {
        // annotators in order of first opinion; per annotator its first pick and whether it changed
        List<String> who = new ArrayList<>(4);
        List<String> first = new ArrayList<>(4);
        int[] count = new int[s.judgments.size()];
        boolean[] flipped = new boolean[s.judgments.size()];
        for (Sample.Judgment j : s.judgments) {
            if (!j.isOpinion()) {
                continue;
            }
            int i = who.indexOf(j.annotator());
            if (i < 0) {
                who.add(j.annotator());
                first.add(j.pick());
                count[who.size() - 1] = 1;
            } else {
                count[i]++;
                flipped[i] |= !j.pick().equals(first.get(i));
            }
        }
        int repeated = 0;
        int flips = 0;
        for (int i = 0; i < who.size(); i++) {
            if (count[i] >= 2) {
                repeated++;
                flips += flipped[i] ? 1 : 0;
            }
        }
        if (repeated == 0) {
            return;
        }
        double stability = (double) (repeated - flips) / repeated;
        give(s, stability >= MIN_STABILITY ? Verdict.GENUINE : Verdict.NON_ATTITUDE, RETEST);
    }

    private static void framing(Sample s) {
        Map<String, Set<String>> picks = null;
        for (Sample.Judgment j : s.judgments) {
            if (j.framing() != null && j.isChoice()) {
                if (picks == null) {
                    picks = new LinkedHashMap<>();
                }
                picks.computeIfAbsent(j.framing(), f -> new LinkedHashSet<>()).add(j.pick());
            }
        }
        if (picks == null || picks.size() < 2) {
            return;
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (Set<String> p : picks.values()) {
            if (p.size() != 1) {
                return; // not unanimous under some framing: no evidence
            }
            distinct.add(p.iterator().next());
        }
        give(s, distinct.size() > 1 ? Verdict.CONSTRUCTED : Verdict.GENUINE, RETEST);
    }
}
