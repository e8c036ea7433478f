package dev.rewire.framework.policy;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.Map;

/**
 * The result of a check (any check: calibration, length bias, term health, ...) on the previous
 * batch, as a fact for this batch's policy: the one thing that flows backwards in the pipeline.
 */
public final class CheckOutcome {

    private final String checkId;
    private final CheckStatus status;
    private final Map<String, Double> metrics;
    private final long batchIndex;

    public CheckOutcome(CheckResult result, long batchIndex) {
        this.checkId = result.checkId();
        this.status = result.status();
        this.metrics = result.metrics();
        this.batchIndex = batchIndex;
    }

    public String getCheckId() { return checkId; }
    public CheckStatus getStatus() { return status; }
    public Map<String, Double> getMetrics() { return metrics; }
    public long getBatchIndex() { return batchIndex; }

    /** A metric's value, NaN when the check did not report it. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }
}
