package dev.rewire.framework.text;

import dev.rewire.framework.grading.AnswerGrading;
import dev.rewire.framework.grading.Grade;

/**
 * What Rewire reads out of one completion, read once and shared by every term, the observation
 * the checks see and the record: the final answer, the stated confidence, whether the answer
 * matches the reference, and the length in words. Immutable and thread safe (all fields final), so
 * a {@link dev.rewire.framework.model.Sample} may publish it to other threads without locking.
 */
public final class ParsedCompletion {

    private final String answer;
    private final boolean confidenceTagged;
    private final RlcrFormat.Confidence confidence;
    private final Grade grade;
    private final int words;

    private ParsedCompletion(String answer, boolean confidenceTagged, RlcrFormat.Confidence confidence,
                             Grade grade, int words) {
        this.answer = answer;
        this.confidenceTagged = confidenceTagged;
        this.confidence = confidence;
        this.grade = grade;
        this.words = words;
    }

    /**
     * Reads a completion (null reads as empty) against its reference (null when there is none),
     * graded as the domain's answers are ({@link AnswerGrading}: the math verifier, or SQuAD-style
     * text matching for text domains).
     */
    public static ParsedCompletion of(String completion, String reference, String domain) {
        Grade grade = AnswerGrading.grade(domain, completion, reference);
        String answer = grade.extracted() != null || reference != null
                ? grade.extracted() : AnswerGrading.extract(domain, completion);
        return new ParsedCompletion(answer, RlcrFormat.lastTag(completion, "confidence") != null,
                RlcrFormat.confidence(completion), grade, words(completion));
    }

    /** As {@link #of(String, String, String)} for a sample of no known domain (graded as mathematics). */
    public static ParsedCompletion of(String completion, String reference) {
        return of(completion, reference, null);
    }

    /** The final answer as the domain reads it; null when the completion states none. */
    public String answer() {
        return answer;
    }

    /** How the answer was graded against the reference: what was extracted, how it compared, or why not. */
    public Grade grade() {
        return grade;
    }

    /** True when the completion has a {@code <confidence>} tag, valid or not. */
    public boolean confidenceTagged() {
        return confidenceTagged;
    }

    /** The stated confidence as {@link RlcrFormat#confidence} reads it: a value in [0,1] or the problem. */
    public RlcrFormat.Confidence confidence() {
        return confidence;
    }

    /** True when the answer means the same as the reference ({@link #grade()}); false without a reference. */
    public boolean matchesReference() {
        return grade.correct();
    }

    /** Whitespace-separated words: the tokenizer-free stand-in for length. */
    public int words() {
        return words;
    }

    private static int words(String text) {
        if (text == null) {
            return 0;
        }
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /** {@link Character#isWhitespace}, with ASCII (nearly every character of a completion) decided in place. */
    private static boolean isWhitespace(char c) {
        if (c < 0x80) {
            return c == ' ' || c >= '\t' && c <= '\r' || c >= '\u001c' && c <= '\u001f';
        }
        return Character.isWhitespace(c);
    }
}
