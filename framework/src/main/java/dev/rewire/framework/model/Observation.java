package dev.rewire.framework.model;

import dev.rewire.framework.text.Answers;
import dev.rewire.framework.text.RlcrFormat;

/**
 * What the checks need to know about a scored sample, read once from its text so that no check
 * parses completions: written into every reward record, so {@code rewire check} works from the
 * scored output alone.
 *
 * @param domain     the sample's domain
 * @param source     the sample's source
 * @param length     the completion's length ({@link Sample#length()})
 * @param confidence the stated confidence: the last valid {@code <confidence>} tag, else the
 *                   {@code confidence} field; null when there is none (or the tag is invalid)
 * @param correct    whether the final answer matches the reference; null without a reference
 * @param approved   the evaluator's approval; null when absent
 */
public record Observation(String domain, String source, int length, Double confidence, Boolean correct,
                          Boolean approved) {

    public static Observation of(Sample s) {
        Double q = null;
        if (RlcrFormat.lastTag(s.completion(), "confidence") != null) {
            RlcrFormat.Confidence stated = RlcrFormat.confidence(s.completion());
            q = stated.present() ? stated.value() : null;
        } else if (s.confidence() != null) {
            q = s.confidence();
        }
        Boolean correct = s.reference() == null ? null : Answers.matches(Answers.extract(s.completion()), s.reference());
        return new Observation(s.domain(), s.source(), s.length(), q, correct, s.approved());
    }
}
