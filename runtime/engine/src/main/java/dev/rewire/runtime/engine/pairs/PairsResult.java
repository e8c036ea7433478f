package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.record.WeightedPair;
import java.util.List;
import java.util.Map;

/**
 * What {@code rewire pairs} produced.
 *
 * @param pairs      the weighted dataset, in input order
 * @param annotators the per-annotator table
 * @param agreement  dataset-level agreement: Krippendorff's alpha (nominal) over all signals and
 *                   over the genuine ones, Fleiss' kappa where every pair has the same number of raters
 * @param verdicts   how many signals got each verdict
 * @param design     what this elicitation design can and cannot identify, with the numbers
 */
public record PairsResult(List<WeightedPair> pairs, List<AnnotatorRow> annotators, Map<String, Double> agreement,
                          Map<String, Long> verdicts, DesignReport design) {
}
