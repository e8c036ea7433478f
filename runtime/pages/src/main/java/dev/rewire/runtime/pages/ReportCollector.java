package dev.rewire.runtime.pages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.stats.RunningMoments;
import dev.rewire.runtime.engine.CheckWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers what a report needs while a run goes, in memory bounded whatever the run's length:
 * batch windows ({@link BatchWindows}), exact per-domain counts, a uniform seeded sample of
 * {@link #OVERALL_SAMPLES} scored samples (the whole run when it is smaller) over which every
 * deployed check runs once more at the end and the term histograms are drawn, and the worst
 * examples with their traces. Not thread safe.
 */
public final class ReportCollector {

    static final int HISTOGRAM_BINS = 20;
    /** The overall checks' samples: at 100,000 an ECE's sampling error is about 0.003, under any threshold's resolution. */
    static final int OVERALL_SAMPLES = 100_000;
    static final int FLAGGED_BATCHES = 200;
    static final int EXAMPLES = 8;
    /** Stated confidence at or above which a wrong answer counts as confident and wrong. */
    static final double CONFIDENT = 0.7;
    private static final long SEED = 20_240_601L;

    private final ScoringOptions options;
    private final int minCheckSamples;
    private final BatchWindows windows = new BatchWindows();
    private final Reservoir<ScoredSample> sample = new Reservoir<>(OVERALL_SAMPLES, SEED);
    private final List<Report.FlaggedBatch> flagged = new ArrayList<>();
    private long flaggedCount;
    private long recordCount;
    private long batches;
    private final Map<String, RunningMoments> rewardByDomain = new TreeMap<>();
    private final Map<String, long[]> correctByDomain = new TreeMap<>(); // rated, correct
    private final Largest<SampleTrace> largestAdvantage = new Largest<>(EXAMPLES);
    private final Largest<SampleTrace> confidentWrong = new Largest<>(EXAMPLES);
    private final Reservoir<SampleTrace> abstentions = new Reservoir<>(EXAMPLES, SEED + 1);

    /**
     * @param options         the scoring options the run used (the traces recompute advantages with them)
     * @param minCheckSamples the host's minimum for a check to grade, as the report states it
     */
    public ReportCollector(ScoringOptions options, int minCheckSamples) {
        this.options = options;
        this.minCheckSamples = minCheckSamples;
    }

    /**
     * Adds a batch.
     *
     * @param checks  the checks' results on it (empty when the check window was not complete)
     * @param scored  the batch as the checks saw it
     * @param records the batch's records, in the same order
     */
    public void add(long batch, List<CheckResult> checks, List<ScoredSample> scored, List<RewardRecord> records) {
        batches++;
        recordCount += scored.size();
        windows.add(batch, records, checks);
        for (CheckResult c : checks) {
            if (c.status() != CheckStatus.PASS) {
                flaggedCount++;
                if (flagged.size() < FLAGGED_BATCHES) {
                    flagged.add(new Report.FlaggedBatch(batch, scored.size(), c.checkId(), c.status(), c.message()));
                }
            }
        }
        GroupRewards groups = new GroupRewards(records);
        for (int i = 0; i < scored.size(); i++) {
            ScoredSample s = scored.get(i);
            RewardRecord r = records.get(i);
            sample.offer(s);
            String domain = s.observed().domain() == null ? "unknown" : s.observed().domain();
            rewardByDomain.computeIfAbsent(domain, d -> new RunningMoments()).add(s.reward());
            if (s.observed().correct() != null) {
                long[] c = correctByDomain.computeIfAbsent(domain, d -> new long[2]);
                c[0]++;
                c[1] += s.observed().correct() ? 1 : 0;
            }
            largestAdvantage.offer(Math.abs(s.advantage()), () -> groups.trace(r));
            Double q = s.observed().confidence();
            if (q != null && q >= CONFIDENT && Boolean.FALSE.equals(s.observed().correct())) {
                confidentWrong.offer(q, () -> groups.trace(r));
            }
            if (s.terms().values().stream().anyMatch(TermResult::abstained)) {
                abstentions.offer(() -> groups.trace(r));
            }
        }
    }

    /** The rewards of a batch's groups, gathered only when a trace needs them. */
    private final class GroupRewards {
        private final List<RewardRecord> batch;
        private Map<String, List<Double>> byPrompt;

        GroupRewards(List<RewardRecord> batch) {
            this.batch = batch;
        }

        SampleTrace trace(RewardRecord r) {
            if (byPrompt == null) {
                byPrompt = new HashMap<>();
                batch.forEach(x -> byPrompt.computeIfAbsent(x.promptId(), p -> new ArrayList<>()).add(x.reward()));
            }
            return SampleTrace.of(r, 0, byPrompt.get(r.promptId()), options);
        }
    }

    /**
     * Runs the checks over the whole run (or its uniform sample) and assembles the report.
     *
     * @param baseline a previous report's JSON to compare with, or null
     */
    public Report finish(CheckWindow checks, String baselineSource, JsonNode baseline) {
        List<ScoredSample> measured = sample.items();
        Map<String, CheckResult> overall = new TreeMap<>();
        for (CheckResult r : checks.runAll(new ScoredBatch(-1, measured))) {
            overall.put(r.checkId(), r);
        }
        Map<String, Report.DomainSummary> domains = new LinkedHashMap<>();
        rewardByDomain.forEach((d, m) -> {
            long[] c = correctByDomain.getOrDefault(d, new long[2]);
            domains.put(d, new Report.DomainSummary(m.count(), m.mean(), c[0], c[0] == 0 ? Double.NaN
                    : (double) c[1] / c[0]));
        });
        return new Report(recordCount, batches, minCheckSamples, overall, measured.size(), windows.width(),
                windows.windows(), List.copyOf(flagged), flaggedCount, domains, histograms(measured),
                new Report.Examples(largestAdvantage.items(), confidentWrong.items(), abstentions.items()),
                baseline == null ? null : BaselineComparison.of(baselineSource, baseline, overall));
    }

    private static Map<String, Report.Histogram> histograms(List<ScoredSample> samples) {
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
