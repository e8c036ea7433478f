package dev.rewire.framework.policy;

/**
 * How a candidate policy shadowing the live one stands so far, as a fact for the promotion rules
 * (one per batch, after the batch was decided both ways). Counts and means run over every batch
 * compared since shadowing began.
 *
 * <p>A check is "worse" on a batch when its status under the candidate ranks below its status under
 * the live policy (PASS above WARN above FAIL; SKIPPED on either side compares as nothing).
 */
public final class ShadowStanding {

    private final long batchIndex;
    private final long batchesCompared;
    private final long samplesCompared;
    private final long checksWorse;
    private final long checksBetter;
    private final long batchesBlockedByCandidate;
    private final double meanRewardShift;
    private final double batchMeanRewardShift;
    private final double signFlipRate;
    private final String liveSha256;
    private final String candidateSha256;

    public ShadowStanding(long batchIndex, long batchesCompared, long samplesCompared, long checksWorse,
                          long checksBetter, long batchesBlockedByCandidate, double meanRewardShift,
                          double batchMeanRewardShift, double signFlipRate, String liveSha256,
                          String candidateSha256) {
        this.batchIndex = batchIndex;
        this.batchesCompared = batchesCompared;
        this.samplesCompared = samplesCompared;
        this.checksWorse = checksWorse;
        this.checksBetter = checksBetter;
        this.batchesBlockedByCandidate = batchesBlockedByCandidate;
        this.meanRewardShift = meanRewardShift;
        this.batchMeanRewardShift = batchMeanRewardShift;
        this.signFlipRate = signFlipRate;
        this.liveSha256 = liveSha256;
        this.candidateSha256 = candidateSha256;
    }

    /** The batch just compared. */
    public long getBatchIndex() { return batchIndex; }
    public long getBatchesCompared() { return batchesCompared; }
    public long getSamplesCompared() { return samplesCompared; }
    /** Check results worse under the candidate than under the live policy, over all compared batches. */
    public long getChecksWorse() { return checksWorse; }
    public long getChecksBetter() { return checksBetter; }
    /** Batches the candidate's rules would have blocked (the live policy scored them). */
    public long getBatchesBlockedByCandidate() { return batchesBlockedByCandidate; }
    /** Mean reward under the candidate minus under the live policy, over all compared samples. */
    public double getMeanRewardShift() { return meanRewardShift; }
    /** The same shift over the batch just compared only; NaN when the candidate would have blocked it. */
    public double getBatchMeanRewardShift() { return batchMeanRewardShift; }
    /** Share of compared samples whose advantage changed sign (positive to negative or back). */
    public double getSignFlipRate() { return signFlipRate; }
    public String getLiveSha256() { return liveSha256; }
    public String getCandidateSha256() { return candidateSha256; }

    /** |mean reward shift|, so a rule reads {@code absMeanRewardShift > 0.05} for either direction. */
    public double getAbsMeanRewardShift() { return Math.abs(meanRewardShift); }
}
