package dev.rewire.bench.singlepass;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nine bundled reward terms with their default settings, in term-id order (the order a
 * record lists them and the reward sums them). Per-sample terms read one sample; majority_vote and
 * verbosity read the routed samples of one group.
 */
final class Terms {

    static final int APPROVAL = 0;
    static final int EXACT_MATCH = 1;
    static final int FORMAT = 2;
    static final int LENGTH_PENALTY = 3;
    static final int MAJORITY_VOTE = 4;
    static final int RLCR_BRIER = 5;
    static final int RM_SCORE = 6;
    static final int SELF_CONFIDENCE = 7;
    static final int VERBOSITY = 8;
    static final int COUNT = 9;

    static final String[] IDS = {"approval", "exact_match", "format", "length_penalty", "majority_vote", "rlcr_brier",
            "rm_score", "self_confidence", "verbosity"};

    /** The bundle of each term: index into {@link #BUNDLES}. */
    static final int[] BUNDLE_OF = {5, 3, 3, 6, 3, 4, 5, 4, 6};

    /** Bundle symbolic names in name order (filters 0-1, scorer 2, terms 3-6). */
    static final String[] BUNDLES = {"dev.rewire.filter.artifacts", "dev.rewire.filter.retest", "dev.rewire.scorer.djl",
            "dev.rewire.terms.answer", "dev.rewire.terms.calibration", "dev.rewire.terms.feedback",
            "dev.rewire.terms.length"};
    static final String VERSION = "0.1.0";

    // default settings, as the terms report them in provenance
    static final int MAX_TOKENS = 4096;
    static final int BUFFER = 512;
    static final double FACTOR = 1.0;
    static final double MIN_RATIO = 0.0;
    static final double RM_EPSILON = 1e-6;

    private Terms() {
    }

    /** Evaluates the per-sample terms routed to s. */
    static void evaluateSample(Sample s) {
        int routed = s.routed;
        for (int t = 0; t < COUNT; t++) {
            if ((routed & (1 << t)) == 0 || t == MAJORITY_VOTE || t == VERBOSITY) {
                continue;
            }
            switch (t) {
                case APPROVAL -> approval(s);
                case EXACT_MATCH -> {
                    if (s.hasReference()) {
                        set(s, t, s.correct);
                    } else {
                        abstain(s, t, "no reference");
                    }
                }
                case FORMAT -> set(s, t, s.confidenceProblem == null && s.confidenceTag != null
                        && AnswerText.isWellFormed(s.completion) ? 1.0 : 0.0);
                case LENGTH_PENALTY -> set(s, t, lengthPenalty(s.length));
                case RLCR_BRIER -> rlcrBrier(s);
                case RM_SCORE -> {
                    if (s.hasRmScore) {
                        set(s, t, s.rmScore);
                    } else {
                        abstain(s, t, "no rm_score");
                    }
                }
                case SELF_CONFIDENCE -> selfConfidence(s);
                default -> throw new IllegalStateException("term " + t);
            }
        }
    }

    private static void set(Sample s, int t, double v) {
        s.value[t] = v;
        s.abstained[t] = null;
    }

    private static void abstain(Sample s, int t, String why) {
        s.value[t] = Double.NaN;
        s.abstained[t] = why;
    }

    private static void approval(Sample s) {
        int opinions = 0;
        int approvals = 0;
        for (Sample.Judgment j : s.judgments) {
            if (j.isOpinion()) {
                opinions++;
                if (j.pick().equals("approve")) {
                    approvals++;
                }
            }
        }
        if (opinions > 0) {
            set(s, APPROVAL, (double) approvals / opinions);
        } else if (s.approved >= 0) {
            set(s, APPROVAL, s.approved);
        } else {
            abstain(s, APPROVAL, s.judgments.isEmpty() ? "no approval judgments" : "every judgment skipped");
        }
    }

    static double lengthPenalty(int length) {
        if (length <= MAX_TOKENS - BUFFER) {
            return 0.0;
        }
        if (length > MAX_TOKENS) {
            return -FACTOR;
        }
        return -(double) (length - (MAX_TOKENS - BUFFER)) / BUFFER * FACTOR;
    }

    private static void rlcrBrier(Sample s) {
        if (!s.hasReference()) {
            abstain(s, RLCR_BRIER, "no reference");
            return;
        }
        double q;
        if (s.confidenceTag != null || !s.hasConfidenceField) {
            if (s.confidenceTag == null) {
                abstain(s, RLCR_BRIER, "format: no <confidence> tag");
                return;
            }
            if (s.confidenceProblem != null) {
                abstain(s, RLCR_BRIER, "format: " + s.confidenceProblem);
                return;
            }
            q = s.statedConfidence;
        } else {
            q = s.confidenceField;
        }
        double c = s.correct;
        set(s, RLCR_BRIER, c - (q - c) * (q - c));
    }

    private static void selfConfidence(Sample s) {
        double[] p = s.tokenProbs;
        if (p == null || p.length == 0) {
            abstain(s, SELF_CONFIDENCE, "no answer_token_probs");
            return;
        }
        double margin = 0;
        for (int i = 0; i < p.length; i += 2) {
            margin += p[i] - p[i + 1];
        }
        set(s, SELF_CONFIDENCE, margin / (p.length / 2));
    }

    /** TTRL's vote over the routed samples of one group: 1 for the plurality answer (first seen wins ties). */
    static void majorityVote(List<Sample> routed) {
        int n = routed.size();
        String[] keys = new String[n];
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            keys[i] = AnswerText.canonical(routed.get(i).answer());
            if (keys[i] != null) {
                counts.computeIfAbsent(keys[i], k -> new int[1])[0]++;
            }
        }
        String majority = null;
        int best = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] > best) {
                majority = e.getKey();
                best = e.getValue()[0];
            }
        }
        double ratio = n == 0 ? 0 : (double) best / n;
        for (int i = 0; i < n; i++) {
            Sample s = routed.get(i);
            if (ratio < MIN_RATIO) {
                abstain(s, MAJORITY_VOTE, String.format(java.util.Locale.ROOT, "majority ratio %.3f < min_ratio %.3f",
                        ratio, MIN_RATIO));
            } else {
                set(s, MAJORITY_VOTE, keys[i] != null && keys[i].equals(majority) ? 1.0 : 0.0);
            }
        }
    }

    /** Length against the median of the routed samples of one group, clipped to [-1, 1]. */
    static void verbosity(List<Sample> routed) {
        int n = routed.size();
        double[] lengths = new double[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = routed.get(i).length;
        }
        Arrays.sort(lengths);
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2.0;
        for (Sample s : routed) {
            if (median == 0) {
                abstain(s, VERBOSITY, "median length of the group is 0");
            } else {
                set(s, VERBOSITY, Math.max(-1, Math.min(1, (median - s.length) / median)));
            }
        }
    }
}
