package dev.rewire.framework.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One term's part in an output reward: its value and weight, or why it abstained, the rules that
 * set the weight, and the term's own account of its value.
 *
 * @param value            the term's value; null when it abstained
 * @param weight           the weight the policy gave it
 * @param abstentionReason why the term abstained; null when it did not. Written as
 *                         {@code "abstained"} in the JSON record
 * @param rules            what each rule did to the weight, in firing order, as
 *                         {@link dev.rewire.framework.policy.WeightStep} text ({@code "RULE =0.5"} set
 *                         it, {@code "RULE x0.5"} scaled it); null when not known
 * @param explanation      the term's named texts that explain its value (a graded answer's
 *                         {@code extracted} and {@code compared}); empty when it gave none
 */
public record TermOutcome(Double value, double weight, @JsonProperty("abstained") String abstentionReason,
                          List<String> rules, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> explanation) {

    public TermOutcome {
        explanation = explanation == null ? Map.of() : explanation;
    }

    public TermOutcome(Double value, double weight, String abstentionReason, List<String> rules) {
        this(value, weight, abstentionReason, rules, Map.of());
    }

    public TermOutcome(Double value, double weight, String abstentionReason) {
        this(value, weight, abstentionReason, null, Map.of());
    }
}
