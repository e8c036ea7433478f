package dev.rewire.runtime.engine.diff;

import dev.rewire.framework.record.RewardRecord;
import java.util.List;
import java.util.Map;

/**
 * What {@link PolicyDiff} found between two scorings of the same samples ("base" and "candidate"):
 * the figures of {@code rewire diff}'s JSON and HTML, and of a shadow run's summary. Shifts are
 * candidate minus base.
 *
 * @param basePolicies      the policy hashes the base records carry (usually one)
 * @param candidatePolicies the policy hashes the candidate records carry
 * @param samplesCompared   samples present on both sides (by id)
 * @param onlyInBase        samples only the base side scored (left out of every figure)
 * @param onlyInCandidate   samples only the candidate side scored
 * @param reward            reward and advantage figures over all compared samples
 * @param ranks             rank changes within prompt groups
 * @param domains           the same figures per domain (the sample's observed domain)
 * @param terms             per term: how often it was routed and its mean weight and contribution
 * @param rewardDeltas      histogram of per-sample reward deltas
 * @param movers            the samples whose reward moved most, with both records
 */
public record DiffSummary(List<String> basePolicies, List<String> candidatePolicies, long samplesCompared,
                          long onlyInBase, long onlyInCandidate, RewardFigures reward, RankFigures ranks,
                          Map<String, DomainFigures> domains, Map<String, TermFigures> terms,
                          Histogram rewardDeltas, List<Mover> movers) {

    /**
     * Rewards and advantages of a set of compared samples.
     *
     * @param samples        compared samples
     * @param meanBase       mean reward under the base
     * @param meanCandidate  mean reward under the candidate
     * @param meanShift      meanCandidate - meanBase
     * @param meanAbsDelta   mean |reward delta| per sample
     * @param maxAbsDelta    largest |reward delta|
     * @param signFlips      samples whose advantage is positive on one side and negative on the other
     *                       (a zero advantage has no sign and never flips)
     * @param signFlipRate   signFlips / samples
     */
    public record RewardFigures(long samples, double meanBase, double meanCandidate, double meanShift,
                                double meanAbsDelta, double maxAbsDelta, long signFlips, double signFlipRate) {
    }

    /**
     * One term over a set of compared samples. A sample the term was not routed to counts with weight
     * and contribution 0, so routing changes show as weight shifts.
     *
     * @param routedBase                samples the base routed the term to
     * @param routedCandidate           samples the candidate routed the term to
     * @param meanWeightBase            mean weight under the base
     * @param meanWeightCandidate       mean weight under the candidate
     * @param meanWeightShift           candidate - base
     * @param meanContributionBase      mean of weight x value (0 when abstained) under the base
     * @param meanContributionCandidate the same under the candidate
     * @param meanContributionShift     candidate - base
     */
    public record TermFigures(long routedBase, long routedCandidate, double meanWeightBase,
                              double meanWeightCandidate, double meanWeightShift, double meanContributionBase,
                              double meanContributionCandidate, double meanContributionShift) {
    }

    public record DomainFigures(RewardFigures reward, Map<String, TermFigures> terms) {
    }

    /**
     * Rank changes within groups (samples of one prompt compared on both sides; groups of one are
     * left out). Rewards rank descending; tied rewards share their mean rank.
     *
     * @param groups           groups of two or more compared samples
     * @param argmaxChanged    groups whose best sample (highest reward; among ties, the smallest id) changed
     * @param argmaxChangeRate argmaxChanged / groups
     * @param meanAbsRankShift mean |rank under candidate - rank under base| over the groups' samples
     * @param meanKendallTau   mean Kendall tau-b between the two rankings, over groups where it is
     *                         defined (NaN when none is: every group all ties on one side)
     * @param groupsWithTau    groups the mean tau is over
     */
    public record RankFigures(long groups, long argmaxChanged, double argmaxChangeRate, double meanAbsRankShift,
                              double meanKendallTau, long groupsWithTau) {
    }

    /**
     * Reward deltas in equal bins over [-range, range]; unchanged samples (delta 0) counted apart.
     */
    public record Histogram(double range, long unchanged, List<Long> counts) {
    }

    /** One sample that moved, with its record from each side (terms, weights, rules). */
    public record Mover(String id, String promptId, String domain, double rewardDelta, RewardRecord base,
                        RewardRecord candidate) {
    }
}
