package dev.rewire.runtime.engine.pairs;

import java.util.Map;

/**
 * One annotator in the per-annotator table. Rates are NaN where the annotator has nothing to
 * compute them from (no repeats, no known shown order) or the filter that measures them is not
 * deployed.
 *
 * @param annotator        the annotator
 * @param judgments        judgments given
 * @param signals          pairs judged
 * @param verdicts         how many of their signals got each verdict, in the order of {@code Verdict}
 * @param typeMix          the type model's fitted mix of types for them (the prior of each of their signals)
 * @param slipRate         the type model's genuine slip rate for them
 * @param retestAgreement  share of their repeated pairs whose first two choices agree (test_retest)
 * @param retestP     one-sided binomial p of that agreement against chance
 * @param firstShownShare  share of their choices that went to the response shown first (position)
 * @param positionP   two-sided binomial p of that share against one half
 * @param annotatorClass   the type model's P(class) for them: pure GENUINE, CONSTRUCTED, NON_ATTITUDE,
 *                         ARTIFACT, or MIXED
 * @param framingPushes    per framing, the push the type model fitted to their picks ("to the
 *                         shorter", "away from the first-shown", "none")
 * @param consensus        share of their decided signals that agree with the aggregated label
 * @param kappa            Cohen's kappa of their picks against the aggregated labels
 * @param medianTimeMs     median time per judgment
 */
public record AnnotatorRow(String annotator, int judgments, int signals, Map<String, Integer> verdicts,
                           Map<String, Double> typeMix, double slipRate, double retestAgreement, double retestP,
                           double firstShownShare, double positionP, Map<String, Double> annotatorClass,
                           Map<String, String> framingPushes, double consensus,
                           double kappa, double medianTimeMs) {
}
