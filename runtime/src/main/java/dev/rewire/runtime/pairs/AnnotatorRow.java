package dev.rewire.runtime.pairs;

import java.util.Map;

/**
 * One annotator in the per-annotator table.
 *
 * @param annotator       the annotator
 * @param judgments       judgments given
 * @param signals         pairs judged
 * @param consensus       share of their decided signals that agree with the aggregated label
 * @param kappa           Cohen's kappa of their picks against the aggregated labels
 * @param retest          share of their repeated signals whose picks never changed (NaN without repeats)
 * @param medianTimeMs    median time per judgment
 * @param firstShownShare share of their choices that went to the response shown first
 * @param verdicts        how many of their signals got each verdict
 */
public record AnnotatorRow(String annotator, int judgments, int signals, double consensus, double kappa, double retest,
                           double medianTimeMs, double firstShownShare, Map<String, Integer> verdicts) {
}
