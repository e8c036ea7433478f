package dev.rewire.framework.spi;

import dev.rewire.framework.model.Verdict;
import java.util.List;
import java.util.Map;

/**
 * What one annotation filter found about one preference signal. Immutable and thread safe.
 *
 * @param signalId   the sample or signal id
 * @param filterId   the filter that found it
 * @param verdict    the kind of signal the evidence points to
 * @param reasons    human-readable reasons, each naming the numbers behind it
 * @param metrics    the numbers (e.g. {@code stability}, {@code repeated_annotators})
 * @param hypothesis the picks a type would produce on this signal, for the pairs type model; null when none
 */
public record FilterEvidence(String signalId, String filterId, Verdict verdict, List<String> reasons,
                             Map<String, Double> metrics, Hypothesis hypothesis) {

    public FilterEvidence {
        reasons = List.copyOf(reasons);
        metrics = Map.copyOf(metrics);
    }

    /** Evidence without a hypothesis. */
    public FilterEvidence(String signalId, String filterId, Verdict verdict, List<String> reasons,
                          Map<String, Double> metrics) {
        this(signalId, filterId, verdict, reasons, metrics, null);
    }
}
