package dev.rewire.framework.model;

import dev.rewire.framework.text.ParsedCompletion;

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
        ParsedCompletion read = s.parsed();
        Double q = null;
        if (read.confidenceTagged()) {
            q = read.confidence().present() ? read.confidence().value() : null;
        } else if (s.confidence() != null) {
            q = s.confidence();
        }
        Boolean correct = s.reference() == null ? null : read.matchesReference();
        return new Observation(s.domain(), s.source(), s.length(), q, correct, s.approved());
    }
}
