package dev.rewire.framework.record;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One term's part in an output reward: its value and weight, or why it abstained.
 *
 * @param value            the term's value; null when it abstained
 * @param weight           the weight the policy gave it
 * @param abstentionReason why the term abstained; null when it did not. Written as
 *                         {@code "abstained"} in the JSON record
 */
public record TermOutcome(Double value, double weight,
                          @JsonProperty("abstained") String abstentionReason) {
}
