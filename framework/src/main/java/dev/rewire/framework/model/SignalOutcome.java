package dev.rewire.framework.model;

import java.util.List;

/**
 * How one annotator's judgments of a pair were classified.
 *
 * @param annotator the annotator
 * @param pick      their majority pick ({@code a}, {@code b}), or null when split
 * @param verdict   the policy's classification
 * @param weight    the weight their label got
 * @param rule      the rule that classified it
 * @param reasons   the evidence behind it
 */
public record SignalOutcome(String annotator, String pick, Verdict verdict, double weight, String rule,
                            List<String> reasons) {
}
