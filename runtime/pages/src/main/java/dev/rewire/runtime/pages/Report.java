package dev.rewire.runtime.pages;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.List;
import java.util.Map;

/**
 * What a calibration report holds, for people (HTML) and machines (JSON) alike. Its size does not
 * grow with the run: batches are summarized in at most {@link BatchWindows#MAX_WINDOWS} windows,
 * the flagged batches listed are capped, examples are a fixed few.
 *
 * @param records          scored samples the report covers
 * @param batches          batches they were scored (or read) in
 * @param minCheckSamples  the fewest samples a check grades (below: INSUFFICIENT)
 * @param overall          each check run over the whole run at once (or its uniform sample, see {@code overallSamples})
 * @param overallSamples   the samples the overall checks measured: all of them up to
 *                         {@link ReportCollector#OVERALL_SAMPLES}, a uniform seeded sample of that many beyond
 * @param windowWidth      batches per window
 * @param windows          the run's batches, window by window
 * @param flaggedBatches   batches where a check did not pass (WARN, FAIL, INSUFFICIENT, SKIPPED), the first
 *                         {@link ReportCollector#FLAGGED_BATCHES} of them
 * @param flaggedCount     such batch results in all
 * @param domains          per domain, exact over every sample
 * @param histograms       per term, the distribution of its values (over the overall checks' samples)
 * @param examples         the worst examples, each with its trace
 * @param baseline         the comparison with a baseline report, when one was given
 */
public record Report(long records, long batches, int minCheckSamples, Map<String, CheckResult> overall,
                     long overallSamples, long windowWidth, List<BatchWindows.Window> windows,
                     List<FlaggedBatch> flaggedBatches, long flaggedCount, Map<String, DomainSummary> domains,
                     Map<String, Histogram> histograms, Examples examples, BaselineComparison baseline) {

    /** A batch's check result that was not PASS. */
    public record FlaggedBatch(long batch, int samples, String check, CheckStatus status, String message) {
    }

    /**
     * One domain over the whole run.
     *
     * @param samples    its samples
     * @param meanReward their mean reward
     * @param rated      those with a reference (correctness known)
     * @param accuracy   the share of rated samples that were correct; NaN when none was rated
     */
    public record DomainSummary(long samples, double meanReward, long rated, double accuracy) {
    }

    /**
     * Equal-width bins over [min, max] of a term's values.
     *
     * @param min       the lowest value
     * @param max       the highest value
     * @param counts    values per bin
     * @param abstained samples routed to the term that it abstained on
     */
    public record Histogram(double min, double max, long[] counts, long abstained) {
    }

    /**
     * The samples a person should look at first.
     *
     * @param largestAdvantage the largest |advantage|: what moves the policy most
     * @param confidentWrong   wrong answers with the highest stated confidence
     * @param abstentions      a uniform seeded sample of samples where a term abstained
     */
    public record Examples(List<SampleTrace> largestAdvantage, List<SampleTrace> confidentWrong,
                           List<SampleTrace> abstentions) {
    }
}
