package dev.rewire.framework.spi;

import java.util.List;

/**
 * The dense form of one batch that a {@link RewardScorer} reduces: N samples by K terms.
 *
 * <p>{@code values[i * K + k]} is term k's value for sample i, NaN where the term was not routed
 * or abstained (NaN entries contribute nothing); {@code weights} has the same layout.
 * {@code groups[i]} is the 0-based group of sample i. The arrays are owned by the caller and must
 * not be modified by the scorer.
 */
public record ScoringRequest(int samples, List<String> termIds, double[] values, double[] weights, int[] groups,
                             ScoringOptions options) {

    public ScoringRequest {
        termIds = List.copyOf(termIds);
        int cells = samples * termIds.size();
        if (values.length != cells || weights.length != cells || groups.length != samples) {
            throw new IllegalArgumentException("arrays do not match " + samples + " samples x " + termIds.size() + " terms");
        }
    }

    /** Number of distinct groups (max group index + 1). */
    public int groupCount() {
        int max = -1;
        for (int g : groups) {
            max = Math.max(max, g);
        }
        return max + 1;
    }
}
