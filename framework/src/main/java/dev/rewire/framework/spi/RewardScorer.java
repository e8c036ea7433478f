package dev.rewire.framework.spi;

/**
 * Reduces a batch's term values and weights to rewards and group-normalized advantages.
 *
 * <p><b>Publishing and calls.</b> An OSGi service; the host uses the highest-ranked one, called once
 * per batch, possibly from different threads: an implementation must be thread safe.
 *
 * <p><b>Ownership.</b> The request's arrays belong to the host and must not be modified. Every native
 * resource (NDManager, tensors) opened for a call is released within it: nothing survives a call, so a
 * swapped-out scorer leaks nothing.
 *
 * <p><b>Semantics.</b> A sample's reward is the sum of value x weight over the terms that did not
 * abstain (NaN entries contribute nothing), 0 when every routed term abstained; then clipped; its
 * advantage is normalized within its group as {@link ScoringOptions} says, abstention-only samples
 * included with their 0. A scorer that throws fails the batch (there is no reward without it); one past the
 * host's deadline fails it too and is quarantined, so later batches go to the next-ranked scorer.
 */
public interface RewardScorer {

    /** Scores one batch; never returns null. */
    ScoringResult score(ScoringRequest request);
}
