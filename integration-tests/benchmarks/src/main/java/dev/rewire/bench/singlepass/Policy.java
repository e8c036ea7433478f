package dev.rewire.bench.singlepass;

import java.util.Arrays;

/**
 * The default policy (rules/src/main/resources/policy/default.drl) as plain Java: which terms
 * score a sample and at what weight, the source and filter-verdict weights, and the previous
 * batch's check outcomes. Rule names are kept so records can say which rules decided them; weight
 * rules are applied in the order the policy declares them (the order Drools fires them).
 */
final class Policy {

    static final String MATH_REFERENCE = "math: answer checked against the reference";
    static final String MATH_MAJORITY = "math without a reference: majority vote of the group";
    static final String RLCR = "a reference and a stated confidence: correctness and calibration (RLCR)";
    static final String QA_EXACT = "qa without a stated confidence: answer checked against the reference";
    static final String QA_FORMAT = "qa: RLCR tag format";
    static final String OTHER_EXACT = "any other domain: answer checked when there is a reference";
    static final String SELF_CONFIDENCE = "no reference but token probabilities: self-confidence";
    static final String CHAT_APPROVAL = "chat: annotator approval";
    static final String RM_SCORE = "reward model score where there is one";
    static final String LENGTH = "every sample: overlong penalty";
    static final String VERBOSITY = "chat: verbosity against the group median";

    static final int SCALE_SYNTHETIC = 1;
    static final int SCALE_AI_JUDGE = 2;
    static final int SCALE_ARTIFACT = 4;
    static final int SCALE_NON_ATTITUDE = 8;
    static final int SCALE_CALIBRATION = 16;
    static final int SCALE_SOPHISTRY = 32;
    /** The weight rules by bit, in declaration order. */
    static final String[] SCALE_RULES = {
            "source: synthetic references count half",
            "source: AI-judge approvals count half",
            "approvals given too fast to read are ignored",
            "non-attitude approvals are down-weighted",
            "calibration failed last batch: raise the Brier weight",
            "sophistry failed last batch: lower approval-based weights"};
    /** Each weight rule's factor, by bit as {@link #SCALE_RULES}. */
    static final double[] SCALE_FACTORS = {0.5, 0.5, 0.0, 0.25, 1.5, 0.5};

    static final String BLOCK_RULE = "block: calibration collapsed";

    private Policy() {
    }

    /** Routes one sample; the check flags are the previous batch's outcomes. */
    static void route(Sample s, boolean calibrationFailed, boolean sophistryFailed) {
        s.routed = 0;
        Arrays.fill(s.weight, 0.0);
        Arrays.fill(s.scaledBy, 0);
        boolean reference = s.hasReference();
        boolean confidence = s.hasConfidenceField || s.completion.contains("<confidence>");
        String domain = s.domain;
        boolean chat = domain.equals("chat");
        boolean rlcr = reference && confidence;
        if (rlcr) {
            add(s, Terms.RLCR_BRIER, 1.0, RLCR);
        }
        if (domain.equals("math")) {
            if (reference && !rlcr) {
                add(s, Terms.EXACT_MATCH, 1.0, MATH_REFERENCE);
            } else if (!reference) {
                add(s, Terms.MAJORITY_VOTE, 1.0, MATH_MAJORITY);
            }
        } else if (domain.equals("qa")) {
            if (reference && !rlcr) {
                add(s, Terms.EXACT_MATCH, 1.0, QA_EXACT);
            }
            add(s, Terms.FORMAT, 0.5, QA_FORMAT);
        } else if (!chat && reference && !rlcr) {
            add(s, Terms.EXACT_MATCH, 1.0, OTHER_EXACT);
        }
        if (!reference && s.tokenProbs != null && s.tokenProbs.length > 0) {
            add(s, Terms.SELF_CONFIDENCE, 0.5, SELF_CONFIDENCE);
        }
        if (chat && (s.approved >= 0 || !s.judgments.isEmpty())) {
            add(s, Terms.APPROVAL, 1.0, CHAT_APPROVAL);
        }
        if (s.hasRmScore) {
            add(s, Terms.RM_SCORE, 1.0, RM_SCORE);
        }
        add(s, Terms.LENGTH_PENALTY, 1.0, LENGTH);
        if (chat) {
            add(s, Terms.VERBOSITY, 0.1, VERBOSITY);
        }

        if (s.source.equals("synthetic")) {
            scale(s, Terms.EXACT_MATCH, SCALE_SYNTHETIC);
            scale(s, Terms.RLCR_BRIER, SCALE_SYNTHETIC);
        }
        if (s.source.equals("ai_judge")) {
            scale(s, Terms.APPROVAL, SCALE_AI_JUDGE);
        }
        if (s.verdict == Verdict.ARTIFACT) {
            scale(s, Terms.APPROVAL, SCALE_ARTIFACT);
        }
        if (s.verdict == Verdict.NON_ATTITUDE) {
            scale(s, Terms.APPROVAL, SCALE_NON_ATTITUDE);
        }
        if (calibrationFailed) {
            scale(s, Terms.RLCR_BRIER, SCALE_CALIBRATION);
        }
        if (sophistryFailed) {
            scale(s, Terms.APPROVAL, SCALE_SOPHISTRY);
        }
    }

    private static void add(Sample s, int term, double weight, String rule) {
        s.routed |= 1 << term;
        s.weight[term] += weight;
        s.createdBy[term] = rule;
        s.createdWeight[term] = weight;
    }

    private static void scale(Sample s, int term, int rule) {
        if ((s.routed & (1 << term)) != 0) {
            s.weight[term] *= SCALE_FACTORS[Integer.numberOfTrailingZeros(rule)];
            s.scaledBy[term] |= rule;
        }
    }
}
