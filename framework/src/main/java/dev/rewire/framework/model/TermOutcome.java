package dev.rewire.framework.model;

/**
 * One term's part in an output reward: its value and weight, or why it abstained.
 *
 * @param value     the term's value; null when it abstained
 * @param weight    the weight the policy gave it
 * @param abstained the reason it abstained; null when it did not
 */
public record TermOutcome(Double value, double weight, String abstained) {
}
