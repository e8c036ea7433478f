package dev.rewire.bundles.scorer.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.spi.Normalization;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.framework.spi.ScoringRequest;
import dev.rewire.framework.spi.ScoringResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the scorer on real DJL NDArrays (PyTorch, CPU here) and checks every number by hand. */
class DjlRewardScorerTest {

    private static final double NaN = Double.NaN;

    // 5 samples x 2 terms; samples 0-2 in group 0, 3-4 in group 1. NaN = abstained or not routed.
    private static final double[] VALUES = {1, 1, 0, 1, 1, NaN, 0, 0, NaN, NaN};
    private static final double[] WEIGHTS = {1, 0.5, 1, 0.5, 1, 0.5, 2, 0.5, 1, 0};
    private static final int[] GROUPS = {0, 0, 0, 1, 1};

    private static ScoringResult score(ScoringOptions options) {
        return new DjlRewardScorer().score(new ScoringRequest(5, List.of("a", "b"), VALUES, WEIGHTS, GROUPS, options));
    }

    @Test
    void rewardIsTheWeightedSumOfNonAbstainingTerms() {
        ScoringResult r = score(new ScoringOptions(Normalization.NONE, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertArrayEquals(new double[] {1.5, 0.5, 1.0, 0.0, 0.0}, r.rewards(), 1e-12);
        assertArrayEquals(r.rewards(), r.advantages(), 1e-12);
        assertEquals("cpu()", r.device());
    }

    @Test
    void meanNormalizationCentersEachGroup() {
        ScoringResult r = score(new ScoringOptions(Normalization.MEAN, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertArrayEquals(new double[] {0.5, -0.5, 0.0, 0.0, 0.0}, r.advantages(), 1e-12);
    }

    @Test
    void meanStdNormalizationUsesThePopulationStdPlusEpsilon() {
        double eps = 1e-6;
        ScoringResult r = score(new ScoringOptions(Normalization.MEAN_STD, eps, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        double std = Math.sqrt((0.25 + 0.25 + 0) / 3);
        assertArrayEquals(new double[] {0.5 / (std + eps), -0.5 / (std + eps), 0, 0, 0}, r.advantages(), 1e-12);
    }

    @Test
    void clippingAppliesToRewardsBeforeNormalization() {
        ScoringResult r = score(new ScoringOptions(Normalization.MEAN, 0, 0.25, 1.0));
        assertArrayEquals(new double[] {1.0, 0.5, 1.0, 0.25, 0.25}, r.rewards(), 1e-12);
        double mean = 2.5 / 3;
        assertArrayEquals(new double[] {1.0 - mean, 0.5 - mean, 1.0 - mean, 0, 0}, r.advantages(), 1e-12);
    }

    @Test
    void emptyBatchesAndTermlessBatches() {
        ScoringOptions o = ScoringOptions.DEFAULT;
        assertEquals(0, new DjlRewardScorer().score(new ScoringRequest(0, List.of(), new double[0], new double[0],
                new int[0], o)).rewards().length);
        ScoringResult r = new DjlRewardScorer().score(new ScoringRequest(2, List.of(), new double[0], new double[0],
                new int[] {0, 0}, o));
        assertArrayEquals(new double[] {0, 0}, r.rewards(), 0);
        assertArrayEquals(new double[] {0, 0}, r.advantages(), 0);
    }

    /**
     * Interleaved, uneven groups: each advantage equals the by-hand z-score within its group, on
     * both layouts (the projector up to 64 samples, the padded layout above).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {40, 300})
    void unevenInterleavedGroupsMatchAByHandComputation(int n) {
        java.util.Random random = new java.util.Random(11);
        double[] values = new double[n];
        double[] weights = new double[n];
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextInt(7) == 0 ? NaN : random.nextGaussian();
            weights[i] = 1.0;
            groups[i] = random.nextInt(37) == 0 ? 36 : (int) Math.floor(Math.sqrt(random.nextInt(1296)));
        }
        ScoringResult r = new DjlRewardScorer().score(new ScoringRequest(n, List.of("a"), values, weights, groups,
                new ScoringOptions(Normalization.MEAN_STD, 1e-6, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)));
        for (int i = 0; i < n; i++) {
            final int g = groups[i];
            double[] members = java.util.stream.IntStream.range(0, n).filter(j -> groups[j] == g)
                    .mapToDouble(j -> Double.isNaN(values[j]) ? 0 : values[j]).toArray();
            double mean = java.util.Arrays.stream(members).average().orElseThrow();
            double std = Math.sqrt(java.util.Arrays.stream(members).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
            double reward = Double.isNaN(values[i]) ? 0 : values[i];
            assertEquals(reward, r.rewards()[i], 1e-12);
            assertEquals((reward - mean) / (std + 1e-6), r.advantages()[i], 1e-9, "sample " + i);
        }
    }
}
