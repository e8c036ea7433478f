package dev.rewire.runtime.serve;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.stats.RunningMoments;
import dev.rewire.runtime.engine.TermStatistics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Term and reward statistics of served samples over two windows, so that what an operator sees
 * describes the bundles and policy answering now, never a blend of versions:
 * <ul>
 *   <li>{@code since_swap}: every sample since the last bundle swap or policy change ({@link #restart});</li>
 *   <li>{@code recent}: the last {@code recentSize} samples (whatever they were scored by).</li>
 * </ul>
 * Groups for the zero-variance share are the records of one prompt within one batch (as scored).
 *
 * <p>Meters, one row per window ({@code window} = {@code since_swap} or {@code recent}):
 * {@code rewire_term_mean|std|abstain_rate{term,window}}, {@code rewire_reward_mean|std{window}},
 * {@code rewire_window_samples{window}}. Thread safe: the batcher adds while an endpoint reads.
 */
final class ServingWindows implements LiveMeters {

    /** How many of the last served samples the {@code recent} window holds by default. */
    static final int RECENT = 1000;

    /** One window's figures. */
    record Figures(long samples, Map<String, TermStatistics.Figures> terms, double rewardMean, double rewardStd) {
    }

    private final int recentSize;
    private TermStatistics sinceSwap = new TermStatistics();
    private RunningMoments sinceSwapRewards = new RunningMoments();
    private long sinceSwapSamples;
    private final ArrayDeque<RewardRecord> recent = new ArrayDeque<>();
    private Meters meters;

    /** The gauges, registered once; their rows are set on each {@link #refresh}. */
    private record Meters(MultiGauge termMean, MultiGauge termStd, MultiGauge termAbstain, MultiGauge rewardMean,
                          MultiGauge rewardStd, MultiGauge samples) {
    }

    ServingWindows(int recentSize) {
        this.recentSize = recentSize;
    }

    /** A batch's records, in batch order (group by group). */
    synchronized void add(List<RewardRecord> records) {
        addTo(sinceSwap, sinceSwapRewards, records);
        sinceSwapSamples += records.size();
        for (RewardRecord r : records) {
            recent.addLast(r);
            if (recent.size() > recentSize) {
                recent.removeFirst();
            }
        }
    }

    /** A swap or a policy change: the since-swap window starts over. */
    synchronized void restart() {
        sinceSwap = new TermStatistics();
        sinceSwapRewards = new RunningMoments();
        sinceSwapSamples = 0;
    }

    synchronized Figures sinceSwap() {
        return new Figures(sinceSwapSamples, sinceSwap.figures(), sinceSwapRewards.mean(), sinceSwapRewards.std());
    }

    /** The last samples' figures, computed when asked (at most {@code recentSize} records). */
    synchronized Figures recent() {
        TermStatistics terms = new TermStatistics();
        RunningMoments rewards = new RunningMoments();
        addTo(terms, rewards, new ArrayList<>(recent));
        return new Figures(recent.size(), terms.figures(), rewards.mean(), rewards.std());
    }

    int recentSize() {
        return recentSize;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Meters m = new Meters(
                MultiGauge.builder("rewire.term.mean")
                        .description("mean value of a term over a window of served samples").register(registry),
                MultiGauge.builder("rewire.term.std")
                        .description("standard deviation of a term over a window").register(registry),
                MultiGauge.builder("rewire.term.abstain.rate")
                        .description("share of a term's routed samples that abstained, over a window").register(registry),
                MultiGauge.builder("rewire.reward.mean").description("mean reward over a window").register(registry),
                MultiGauge.builder("rewire.reward.std").description("reward standard deviation over a window").register(registry),
                MultiGauge.builder("rewire.window.samples").description("samples in a window").register(registry));
        synchronized (this) {
            meters = m;
        }
    }

    @Override
    public void refresh() {
        Meters m;
        Map<String, Figures> byWindow = new LinkedHashMap<>();
        synchronized (this) {
            m = meters;
            if (m == null) {
                return;
            }
            byWindow.put("since_swap", sinceSwap());
            byWindow.put("recent", recent());
        }
        List<MultiGauge.Row<?>> means = new ArrayList<>();
        List<MultiGauge.Row<?>> stds = new ArrayList<>();
        List<MultiGauge.Row<?>> abstains = new ArrayList<>();
        List<MultiGauge.Row<?>> rewardMeans = new ArrayList<>();
        List<MultiGauge.Row<?>> rewardStds = new ArrayList<>();
        List<MultiGauge.Row<?>> sizes = new ArrayList<>();
        byWindow.forEach((window, f) -> {
            f.terms().forEach((term, t) -> {
                Tags tags = Tags.of("term", term, "window", window);
                means.add(MultiGauge.Row.of(tags, t.mean()));
                stds.add(MultiGauge.Row.of(tags, t.std()));
                abstains.add(MultiGauge.Row.of(tags, t.abstainRate()));
            });
            rewardMeans.add(MultiGauge.Row.of(Tags.of("window", window), f.rewardMean()));
            rewardStds.add(MultiGauge.Row.of(Tags.of("window", window), f.rewardStd()));
            sizes.add(MultiGauge.Row.of(Tags.of("window", window), f.samples()));
        });
        m.termMean().register(means, true);
        m.termStd().register(stds, true);
        m.termAbstain().register(abstains, true);
        m.rewardMean().register(rewardMeans, true);
        m.rewardStd().register(rewardStds, true);
        m.samples().register(sizes, true);
    }

    private static void addTo(TermStatistics terms, RunningMoments rewards, List<RewardRecord> records) {
        int start = 0;
        for (int i = 1; i <= records.size(); i++) {
            if (i == records.size() || !sameGroup(records.get(start), records.get(i))) {
                addGroup(terms, records.subList(start, i));
                start = i;
            }
        }
        for (RewardRecord r : records) {
            rewards.add(r.reward());
        }
    }

    private static boolean sameGroup(RewardRecord a, RewardRecord b) {
        return a.batch() == b.batch() && Objects.equals(a.promptId(), b.promptId());
    }

    private static void addGroup(TermStatistics terms, List<RewardRecord> group) {
        Map<String, List<TermResult>> byTerm = new LinkedHashMap<>();
        for (RewardRecord r : group) {
            if (r.terms() == null) {
                continue;
            }
            r.terms().forEach((term, outcome) -> byTerm.computeIfAbsent(term, t -> new ArrayList<>()).add(result(outcome)));
        }
        byTerm.forEach(terms::add);
    }

    private static TermResult result(TermOutcome outcome) {
        return outcome.value() == null ? TermResult.abstain(outcome.abstentionReason()) : TermResult.of(outcome.value());
    }
}
