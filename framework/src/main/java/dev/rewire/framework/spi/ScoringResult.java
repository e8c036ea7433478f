package dev.rewire.framework.spi;

/**
 * Rewards and advantages for each sample of a {@link ScoringRequest}, and where they were computed.
 *
 * @param rewards    per sample, the weighted sum of routed, non-abstaining terms, clipped
 * @param advantages per sample, the reward normalized within its group
 * @param device     the device the computation ran on, e.g. {@code cpu()} or {@code gpu(0)}
 */
public record ScoringResult(double[] rewards, double[] advantages, String device) {
}
