package dev.rewire.framework.text;

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
    private final boolean matchesReference;
    private final int words;

    private ParsedCompletion(String answer, boolean confidenceTagged, RlcrFormat.Confidence confidence,
                             boolean matchesReference, int words) {
        this.answer = answer;
        this.confidenceTagged = confidenceTagged;
        this.confidence = confidence;
        this.matchesReference = matchesReference;
        this.words = words;
    }

    /** Reads a completion (null reads as empty) against its reference (null when there is none). */
    public static ParsedCompletion of(String completion, String reference) {
        String answer = Answers.extract(completion);
        return new ParsedCompletion(answer, RlcrFormat.lastTag(completion, "confidence") != null,
                RlcrFormat.confidence(completion), Answers.matches(answer, reference), words(completion));
    }

    /** The final answer as {@link Answers#extract} reads it; null when the completion states none. */
    public String answer() {
        return answer;
    }

    /** True when the completion has a {@code <confidence>} tag, valid or not. */
    public boolean confidenceTagged() {
        return confidenceTagged;
    }

    /** The stated confidence as {@link RlcrFormat#confidence} reads it: a value in [0,1] or the problem. */
    public RlcrFormat.Confidence confidence() {
        return confidence;
    }

    /** {@link Answers#matches} of the answer and the reference; false without a reference. */
    public boolean matchesReference() {
        return matchesReference;
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
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
