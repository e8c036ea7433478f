package dev.rewire.runtime.report;

import dev.rewire.framework.spi.CheckResult;
import java.util.List;
import java.util.Map;

/**
 * What a calibration report holds, for people (HTML) and machines (JSON) alike.
 *
 * @param records    scored samples the report covers
 * @param overall    each check run over every sample of the run at once
 * @param batches    each batch's check results, in batch order
 * @param histograms per term, the distribution of its values
 * @param baseline   the comparison with a baseline report, when one was given
 */
public record Report(long records, Map<String, CheckResult> overall, List<BatchChecks> batches,
                     Map<String, Histogram> histograms, BaselineComparison baseline) {

    /** One batch's check results by check id. */
    public record BatchChecks(long batch, Map<String, CheckResult> checks) {
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
}
