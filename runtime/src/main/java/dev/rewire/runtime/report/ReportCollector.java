package dev.rewire.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.pipeline.CheckWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers what a report needs while a run goes: each batch's check results and every scored
 * sample (a compact row each; memory grows with the run, which is why reports are opt-in). At
 * the end, every deployed check runs once more over the whole run. Not thread safe.
 */
public final class ReportCollector {

    static final int HISTOGRAM_BINS = 20;

    private final List<Report.BatchChecks> batches = new ArrayList<>();
    private final List<ScoredSample> samples = new ArrayList<>();

    public void add(long batch, List<CheckResult> checks, List<ScoredSample> scored) {
        Map<String, CheckResult> byId = new LinkedHashMap<>();
        checks.forEach(c -> byId.put(c.checkId(), c));
        batches.add(new Report.BatchChecks(batch, byId));
        samples.addAll(scored);
    }

    /**
     * Runs the checks over the whole run and assembles the report.
     *
     * @param baseline a previous report's JSON to compare with, or null
     */
    public Report finish(CheckWindow checks, String baselineSource, JsonNode baseline) {
        Map<String, CheckResult> overall = new TreeMap<>();
        for (CheckResult r : checks.runAll(new ScoredBatch(-1, samples))) {
            overall.put(r.checkId(), r);
        }
        return new Report(samples.size(), overall, List.copyOf(batches), histograms(),
                baseline == null ? null : BaselineComparison.of(baselineSource, baseline, overall));
    }

    private Map<String, Report.Histogram> histograms() {
        Map<String, List<Double>> values = new TreeMap<>();
        Map<String, Long> abstained = new TreeMap<>();
        for (ScoredSample s : samples) {
            for (Map.Entry<String, TermResult> e : s.terms().entrySet()) {
                values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                if (e.getValue().abstained()) {
                    abstained.merge(e.getKey(), 1L, Long::sum);
                } else {
                    values.get(e.getKey()).add(e.getValue().value());
                }
            }
        }
        Map<String, Report.Histogram> out = new LinkedHashMap<>();
        values.forEach((term, v) -> {
            double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            long[] counts = new long[HISTOGRAM_BINS];
            for (double x : v) {
                int b = max == min ? 0 : (int) Math.min(HISTOGRAM_BINS - 1, Math.floor((x - min) / (max - min) * HISTOGRAM_BINS));
                counts[b]++;
            }
            out.put(term, new Report.Histogram(min, max, counts, abstained.getOrDefault(term, 0L)));
        });
        return out;
    }
}
