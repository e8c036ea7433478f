package dev.rewire.runtime.serve;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-term numbers in the shape trainers log them: one fixed set of keys on every sample, each a
 * number. A term that did not score the sample (not routed, or abstained) is 0 there: trainers'
 * loggers take neither nulls nor missing keys (OpenRLHF builds a tensor per key; veRL takes the
 * keys of the first sample), and the record itself still says why.
 */
final class TermColumns {

    private TermColumns() {
    }

    static double valueOrZero(RewardRecord record, String term) {
        TermOutcome outcome = record.terms().get(term);
        return outcome == null || outcome.value() == null ? 0.0 : outcome.value();
    }

    /** For one sample: every logged term to its value or 0. */
    static Map<String, Double> of(RewardRecord record, List<String> terms) {
        Map<String, Double> columns = new LinkedHashMap<>();
        for (String term : terms) {
            columns.put(term, valueOrZero(record, term));
        }
        return columns;
    }
}
