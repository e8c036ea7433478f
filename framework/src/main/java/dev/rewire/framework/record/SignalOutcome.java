package dev.rewire.framework.record;

import dev.rewire.framework.model.Verdict;
import java.util.List;
import java.util.Map;

/**
 * How one annotator's judgments of a pair were classified.
 *
 * @param annotator the annotator
 * @param pick      their majority pick ({@code a}, {@code b}), or null when split
 * @param verdict   the policy's classification
 * @param weight    the weight their label got
 * @param rule      the rule that classified it
 * @param reasons   the rule's reasons
 * @param posterior the type model's probability per type (rounded to 4 decimals)
 * @param evidence  every filter's findings on this signal, each prefixed with the filter's id
 */
public record SignalOutcome(String annotator, String pick, Verdict verdict, double weight, String rule,
                            List<String> reasons, Map<String, Double> posterior, List<String> evidence) {
}
