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
 * their default settings, each annotator of a sample judged on their own and the sample an ARTIFACT
 * when those found out gave at least half of its judgments: speed (an annotator's median time under
 * 2000 ms, or their run of 20 same-side choices), position (an annotator with 20+ choices more than
 * 0.3 from half on the first side), test-retest (stability under 0.75: NON_ATTITUDE) and framing (picks that follow the
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
            Map<String, List<Sample.Judgment>> byAnnotator = new LinkedHashMap<>();
            for (Sample.Judgment j : s.judgments) {
                byAnnotator.computeIfAbsent(j.annotator(), k -> new ArrayList<>()).add(j);
            }
            speed(s, byAnnotator, annotators);
            position(s, byAnnotator, annotators);
            testRetest(s);
            framing(s);
        }
    }

    /** Annotators found out gave at least half of the sample's judgments (the filters' rule). */
    private static boolean mostly(int foundJudgments, Sample s) {
        return foundJudgments > 0 && 2 * foundJudgments >= s.judgments.size();
    }

    /** Each annotator on their own: those who sped or straight-lined; ARTIFACT when they gave most judgments. */
    private static void speed(Sample s, Map<String, List<Sample.Judgment>> byAnnotator, Map<String, int[]> batch) {
        int found = 0;
        boolean timedGenuine = false;
        for (Map.Entry<String, List<Sample.Judgment>> e : byAnnotator.entrySet()) {
            int[] a = batch.get(e.getKey());
            double median = medianTime(e.getValue());
            if (median < FLOOR_MS || (a == null ? 0 : a[2]) >= MAX_RUN) {
                found += e.getValue().size();
            } else if (!Double.isNaN(median)) {
                timedGenuine = true;
            }
        }
        if (mostly(found, s)) {
            give(s, Verdict.ARTIFACT, ARTIFACTS);
        } else if (timedGenuine) {
            give(s, Verdict.GENUINE, ARTIFACTS);
        }
    }

    /** Each annotator with enough choices in the batch: those with a habit; ARTIFACT when they gave most judgments. */
    private static void position(Sample s, Map<String, List<Sample.Judgment>> byAnnotator, Map<String, int[]> batch) {
        boolean judged = false;
        int found = 0;
        for (Map.Entry<String, List<Sample.Judgment>> e : byAnnotator.entrySet()) {
            int[] a = batch.get(e.getKey());
            if (a != null && a[0] >= MIN_JUDGMENTS) {
                judged = true;
                if (Math.abs((double) a[1] / a[0] - 0.5) > MAX_BIAS) {
                    found += e.getValue().size();
                }
            }
        }
        if (judged) {
            give(s, mostly(found, s) ? Verdict.ARTIFACT : Verdict.GENUINE, ARTIFACTS);
        }
    }

    private static void give(Sample s, Verdict v, int bundle) {
        s.verdict = Verdict.worse(s.verdict, v);
        s.filterBundles |= bundle;
    }

    private static double medianTime(List<Sample.Judgment> judgments) {
        double[] times = new double[judgments.size()];
        int n = 0;
        for (Sample.Judgment j : judgments) {
            if (j.timeMs() != Sample.Judgment.NO_TIME) {
                times[n++] = j.timeMs();
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(times, 0, n);
        return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2.0;
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
