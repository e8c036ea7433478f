package dev.rewire.framework.model;

import java.util.List;

/**
 * One term's part in an output reward: its value and weight, or why it abstained, and the rules
 * that set the weight.
 *
 * @param value     the term's value; null when it abstained
 * @param weight    the weight the policy gave it
 * @param abstained the reason it abstained; null when it did not
 * @param rules     what each rule did to the weight, in firing order, as
 *                  {@link dev.rewire.framework.policy.WeightStep} text ({@code "RULE =0.5"} set it,
 *                  {@code "RULE x0.5"} scaled it); null when not known
 */
public record TermOutcome(Double value, double weight, String abstained, List<String> rules) {

    public TermOutcome(Double value, double weight, String abstained) {
        this(value, weight, abstained, null);
    }
}
