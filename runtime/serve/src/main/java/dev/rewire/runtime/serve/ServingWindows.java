package dev.rewire.runtime.serve;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.stats.RunningMoments;
import dev.rewire.runtime.engine.TermStatistics;
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
 * Thread safe: the batcher adds while an endpoint reads.
 */
final class ServingWindows {

    /** One window's figures. */
    record Figures(long samples, Map<String, TermStatistics.Figures> terms, double rewardMean, double rewardStd) {
    }

    private final int recentSize;
    private TermStatistics sinceSwap = new TermStatistics();
    private RunningMoments sinceSwapRewards = new RunningMoments();
    private long sinceSwapSamples;
    private final ArrayDeque<RewardRecord> recent = new ArrayDeque<>();

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
