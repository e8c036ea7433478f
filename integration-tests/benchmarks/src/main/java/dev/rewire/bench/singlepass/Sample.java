package dev.rewire.bench.singlepass;

import java.util.List;

/**
 * One input sample as the yardstick holds it: the fields read once, what is derived from the text
 * once (length, final answer, correctness, stated confidence), and this batch's routing, term
 * values, reward and advantage. Mutable, one thread.
 */
final class Sample {

    /** One annotator judgment of the sample. */
    record Judgment(String annotator, String pick, String shownOrder, String framing, long timeMs) {
        static final long NO_TIME = -1;

        boolean isOpinion() {
            return !"skip".equals(pick);
        }

        boolean isChoice() {
            return "a".equals(pick) || "b".equals(pick);
        }

        boolean pickedLeft() {
            return pick.equals(shownOrder == null ? "a" : shownOrder.substring(0, 1));
        }
    }

    // ------------------------------------------------------------------ read
    String id;
    String promptId;
    String domain;
    String source;
    String completion;
    int completionTokens = -1;
    String reference;
    double confidenceField = Double.NaN;
    boolean hasConfidenceField;
    /** p_top1, p_top2 per answer token, flattened; null when absent. */
    double[] tokenProbs;
    double rmScore;
    boolean hasRmScore;
    /** 1 approved, 0 not, -1 absent. */
    int approved = -1;
    List<Judgment> judgments = List.of();

    // ------------------------------------------------------------------ derived once
    int length;
    /** The final answer, computed on first use. */
    private String answer;
    private boolean answerRead;
    /** 1 correct, 0 wrong, -1 no reference. */
    int correct = -1;
    /** The last confidence tag's text, or null. */
    String confidenceTag;
    /** The tag's value when it parses into [0,1], else NaN (see confidenceProblem). */
    double statedConfidence = Double.NaN;
    String confidenceProblem;

    // ------------------------------------------------------------------ this batch
    Verdict verdict;
    /** Filter bundles that gave evidence: bit 0 artifacts, bit 1 retest. */
    int filterBundles;
    /** Bit per routed term. */
    int routed;
    final double[] weight = new double[Terms.COUNT];
    final double[] value = new double[Terms.COUNT];
    final String[] abstained = new String[Terms.COUNT];
    /** The rule that created each route. */
    final String[] createdBy = new String[Terms.COUNT];
    /** The weight the creating rule gave each route. */
    final double[] createdWeight = new double[Terms.COUNT];
    /** Per route, the weight rules that scaled it (bits of {@link Policy}'s SCALE_ constants). */
    final int[] scaledBy = new int[Terms.COUNT];
    double reward;
    double advantage;

    String answer() {
        if (!answerRead) {
            answer = AnswerText.extract(completion);
            answerRead = true;
        }
        return answer;
    }

    boolean hasReference() {
        return reference != null;
    }

    /** What the checks read: the valid confidence tag, else the field; NaN when neither (or an invalid tag). */
    double observedConfidence() {
        if (confidenceTag != null) {
            return statedConfidence;
        }
        return hasConfidenceField ? confidenceField : Double.NaN;
    }

    /** Called once after reading: length, correctness, stated confidence. */
    void derive() {
        length = completionTokens >= 0 ? completionTokens : words(completion);
        confidenceTag = AnswerText.lastTag(completion, AnswerText.CONFIDENCE_OPEN, AnswerText.CONFIDENCE_CLOSE);
        if (confidenceTag != null) {
            String raw = confidenceTag.trim();
            try {
                double q = Double.parseDouble(raw);
                if (q >= 0 && q <= 1) {
                    statedConfidence = q;
                } else {
                    confidenceProblem = "confidence " + raw + " outside [0,1]";
                }
            } catch (NumberFormatException e) {
                confidenceProblem = "unparsable confidence \"" + (raw.length() <= 24 ? raw : raw.substring(0, 21) + "...")
                        + "\"";
            }
        }
        if (reference != null) {
            correct = AnswerText.matches(answer(), reference, AnswerText.numericValue(reference)) ? 1 : 0;
        }
    }

    private static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
