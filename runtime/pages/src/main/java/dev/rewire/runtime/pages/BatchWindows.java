package dev.rewire.runtime.pages;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.stats.RunningMoments;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's batches summarized in consecutive windows of equal width, at most {@link #MAX_WINDOWS}
 * of them whatever the run's length: a window starts one batch wide, and whenever the windows
 * would outnumber the maximum, neighbours merge pairwise and the width doubles. A trend drawn over
 * windows stays readable at thousands of batches. Each window keeps mergeable summaries only
 * (counts, moments, extremes), so memory is bounded by the maximum. Not thread safe.
 */
final class BatchWindows {

    static final int MAX_WINDOWS = 128;

    /** Moments of a metric over a window: n values, their mean, standard deviation, minimum, maximum. */
    record Band(long n, double mean, double std, double min, double max) {
        static Band of(RunningMoments m) {
            return new Band(m.count(), m.mean(), m.std(), m.min(), m.max());
        }
    }

    /** A term's part over a window: its value over the samples it did not abstain on, its weight, abstentions. */
    record TermBand(Band value, Band weight, long abstained) {
    }

    /** One check over a window: how many batches got each status, and its metrics over the graded ones. */
    record CheckBand(Map<CheckStatus, Long> statuses, Map<String, Band> metrics) {
    }

    /**
     * One window as reports show it.
     *
     * @param firstBatch the first batch's index
     * @param lastBatch  the last batch's index
     * @param batches    batches in the window
     * @param samples    samples in them
     * @param batchSize  the batches' sizes
     * @param reward     sample rewards
     * @param advantage  sample advantages
     * @param terms      per term
     * @param checks     per check
     */
    record Window(long firstBatch, long lastBatch, long batches, long samples, Band batchSize, Band reward,
                  Band advantage, Map<String, TermBand> terms, Map<String, CheckBand> checks) {
    }

    /** The mutable summary behind a {@link Window}. */
    private static final class Acc {
        long firstBatch;
        long lastBatch;
        long batches;
        final RunningMoments batchSize = new RunningMoments();
        final RunningMoments reward = new RunningMoments();
        final RunningMoments advantage = new RunningMoments();
        final Map<String, RunningMoments[]> terms = new TreeMap<>(); // value, weight
        final Map<String, long[]> abstained = new TreeMap<>();
        final Map<String, EnumMap<CheckStatus, long[]>> statuses = new TreeMap<>();
        final Map<String, Map<String, RunningMoments>> metrics = new TreeMap<>();

        void merge(Acc o) {
            lastBatch = o.lastBatch;
            batches += o.batches;
            batchSize.merge(o.batchSize);
            reward.merge(o.reward);
            advantage.merge(o.advantage);
            o.terms.forEach((t, m) -> {
                RunningMoments[] mine = terms.computeIfAbsent(t, k -> moments(2));
                mine[0].merge(m[0]);
                mine[1].merge(m[1]);
            });
            o.abstained.forEach((t, n) -> abstained.computeIfAbsent(t, k -> new long[1])[0] += n[0]);
            o.statuses.forEach((c, s) -> s.forEach((status, n) ->
                    statuses.computeIfAbsent(c, k -> new EnumMap<>(CheckStatus.class))
                            .computeIfAbsent(status, k -> new long[1])[0] += n[0]));
            o.metrics.forEach((c, ms) -> ms.forEach((name, m) ->
                    metrics.computeIfAbsent(c, k -> new TreeMap<>()).computeIfAbsent(name, k -> new RunningMoments())
                            .merge(m)));
        }

        Window window() {
            Map<String, TermBand> t = new LinkedHashMap<>();
            terms.forEach((term, m) -> t.put(term, new TermBand(Band.of(m[0]), Band.of(m[1]),
                    abstained.getOrDefault(term, new long[1])[0])));
            Map<String, CheckBand> c = new LinkedHashMap<>();
            statuses.forEach((check, s) -> {
                Map<CheckStatus, Long> counts = new EnumMap<>(CheckStatus.class);
                s.forEach((status, n) -> counts.put(status, n[0]));
                Map<String, Band> bands = new LinkedHashMap<>();
                metrics.getOrDefault(check, Map.of()).forEach((name, m) -> bands.put(name, Band.of(m)));
                c.put(check, new CheckBand(counts, bands));
            });
            return new Window(firstBatch, lastBatch, batches, reward.count(), Band.of(batchSize), Band.of(reward),
                    Band.of(advantage), t, c);
        }
    }

    private final List<Acc> windows = new ArrayList<>();
    private long width = 1;
    private long batchesSeen;

    /**
     * Adds the next batch.
     *
     * @param records its records (rewards, advantages, terms)
     * @param checks  its checks' results; the metrics of graded results (PASS, WARN, FAIL) are summarized
     */
    void add(long batch, List<RewardRecord> records, List<CheckResult> checks) {
        if (batchesSeen % width == 0) {
            if (windows.size() == MAX_WINDOWS) {
                halve();
            }
        }
        if (batchesSeen % width == 0) {
            Acc a = new Acc();
            a.firstBatch = batch;
            windows.add(a);
        }
        batchesSeen++;
        Acc a = windows.get(windows.size() - 1);
        a.lastBatch = batch;
        a.batches++;
        a.batchSize.add(records.size());
        for (RewardRecord r : records) {
            a.reward.add(r.reward());
            a.advantage.add(r.advantage());
            if (r.terms() == null) {
                continue;
            }
            for (Map.Entry<String, TermOutcome> e : r.terms().entrySet()) {
                RunningMoments[] m = a.terms.computeIfAbsent(e.getKey(), k -> moments(2));
                m[1].add(e.getValue().weight());
                if (e.getValue().value() == null) {
                    a.abstained.computeIfAbsent(e.getKey(), k -> new long[1])[0]++;
                } else {
                    m[0].add(e.getValue().value());
                }
            }
        }
        for (CheckResult c : checks) {
            a.statuses.computeIfAbsent(c.checkId(), k -> new EnumMap<>(CheckStatus.class))
                    .computeIfAbsent(c.status(), k -> new long[1])[0]++;
            if (c.status() == CheckStatus.PASS || c.status() == CheckStatus.WARN || c.status() == CheckStatus.FAIL) {
                c.metrics().forEach((name, v) -> {
                    if (v != null && Double.isFinite(v)) {
                        a.metrics.computeIfAbsent(c.checkId(), k -> new TreeMap<>())
                                .computeIfAbsent(name, k -> new RunningMoments()).add(v);
                    }
                });
            }
        }
    }

    /** Merges neighbouring windows pairwise; the width doubles. */
    private void halve() {
        List<Acc> merged = new ArrayList<>(windows.size() / 2 + 1);
        for (int i = 0; i < windows.size(); i += 2) {
            Acc a = windows.get(i);
            if (i + 1 < windows.size()) {
                a.merge(windows.get(i + 1));
            }
            merged.add(a);
        }
        windows.clear();
        windows.addAll(merged);
        width *= 2;
    }

    /** Batches per window (the last window may hold fewer). */
    long width() {
        return width;
    }

    List<Window> windows() {
        List<Window> out = new ArrayList<>(windows.size());
        windows.forEach(a -> out.add(a.window()));
        return out;
    }

    private static RunningMoments[] moments(int n) {
        RunningMoments[] m = new RunningMoments[n];
        for (int i = 0; i < n; i++) {
            m[i] = new RunningMoments();
        }
        return m;
    }
}
