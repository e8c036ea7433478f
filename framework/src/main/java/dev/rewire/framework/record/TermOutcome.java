package dev.rewire.framework.record;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One term's part in an output reward: its value and weight, or why it abstained, and the rules
 * that set the weight.
 *
 * @param value            the term's value; null when it abstained
 * @param weight           the weight the policy gave it
 * @param abstentionReason why the term abstained; null when it did not. Written as
 *                         {@code "abstained"} in the JSON record
 * @param rules            what each rule did to the weight, in firing order, as
 *                         {@link dev.rewire.framework.policy.WeightStep} text ({@code "RULE =0.5"} set
 *                         it, {@code "RULE x0.5"} scaled it); null when not known
 */
public record TermOutcome(Double value, double weight, @JsonProperty("abstained") String abstentionReason,
                          List<String> rules) {

    public TermOutcome(Double value, double weight, String abstentionReason) {
        this(value, weight, abstentionReason, null);
    }
}
