package dev.rewire.framework.policy;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.List;
import java.util.Map;

/** One filter's evidence about one signal, as rules see it. */
public final class EvidenceFact {

    private final FilterEvidence evidence;

    public EvidenceFact(FilterEvidence evidence) {
        this.evidence = evidence;
    }

    public String getSignalId() { return evidence.signalId(); }
    public String getFilterId() { return evidence.filterId(); }
    public Verdict getVerdict() { return evidence.verdict(); }
    public List<String> getReasons() { return evidence.reasons(); }
    public Map<String, Double> getMetrics() { return evidence.metrics(); }

    /** A metric's value, NaN when the filter did not report it. */
    public double metric(String name) {
        Double v = evidence.metrics().get(name);
        return v == null ? Double.NaN : v;
    }
}
