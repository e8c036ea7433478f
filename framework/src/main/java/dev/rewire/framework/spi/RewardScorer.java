package dev.rewire.framework.spi;

/**
 * Reduces a batch's term values and weights to rewards and group-normalized advantages.
 *
 * <p>Published as an OSGi service; the runtime uses the highest-ranked one. Implementations must
 * be thread safe and must release every native resource (NDManager, tensors) they open within the
 * call: nothing survives a call, so a swapped-out scorer leaks nothing.
 */
public interface RewardScorer {

    /** Scores one batch; never returns null. */
    ScoringResult score(ScoringRequest request);
}
