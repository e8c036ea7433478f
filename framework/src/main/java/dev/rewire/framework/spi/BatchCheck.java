package dev.rewire.framework.spi;

/**
 * Watches a whole scored batch and gates it: the status becomes a policy fact for the next batch.
 * Published as an OSGi service; implementations must be thread safe.
 */
public interface BatchCheck {

    /** The stable id, e.g. {@code calibration}. */
    String id();

    /** Checks one batch; returns {@link CheckStatus#SKIPPED} when the batch lacks the inputs. */
    CheckResult check(ScoredBatch batch);
}
