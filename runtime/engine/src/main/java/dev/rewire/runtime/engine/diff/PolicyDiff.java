package dev.rewire.runtime.engine.diff;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.runtime.engine.diff.DiffSummary.DomainFigures;
import dev.rewire.runtime.engine.diff.DiffSummary.Mover;
import dev.rewire.runtime.engine.diff.DiffSummary.RewardFigures;
import dev.rewire.runtime.engine.diff.DiffSummary.TermFigures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The comparison core of {@code rewire diff} and of shadow policies: two scorings of the same
 * samples (base and candidate), aligned by sample id, accumulated unit by unit (a whole file, or one
 * batch at a time) into a {@link DiffSummary}. Groups for rank changes are the prompt's samples
 * within one unit. Keeps 8 bytes per compared sample (for the delta histogram) and the
 * {@code moversKept} largest movers. Not thread safe.
 */
public final class PolicyDiff {

    /** Called once per aligned pair, in base order, as a unit is compared. */
    @FunctionalInterface
    public interface PairListener {
        void compared(RewardRecord base, RewardRecord candidate);
    }

    static final int HISTOGRAM_BINS = 20;
    private static final Comparator<Mover> SMALLEST_MOVE_FIRST = Comparator
            .comparingDouble((Mover m) -> Math.abs(m.rewardDelta())).thenComparing(Mover::id, Comparator.reverseOrder());

    private final int moversKept;
    private final RewardShift overall = new RewardShift();
    private final Map<String, TermShift> terms = new TreeMap<>();
    private final Map<String, RewardShift> domains = new TreeMap<>();
    private final Map<String, Map<String, TermShift>> domainTerms = new TreeMap<>();
    private final GroupRanks ranks = new GroupRanks();
    private final PriorityQueue<Mover> movers = new PriorityQueue<>(SMALLEST_MOVE_FIRST);
    private final Set<String> basePolicies = new LinkedHashSet<>();
    private final Set<String> candidatePolicies = new LinkedHashSet<>();
    private double[] deltas = new double[1024];
    private int deltaCount;
    private long onlyInBase;
    private long onlyInCandidate;

    /** @param moversKept how many of the samples that moved most to keep with both records */
    public PolicyDiff(int moversKept) {
        this.moversKept = moversKept;
    }

    /** Compares one unit; returns the reward figures of this unit alone. */
    public RewardFigures compare(List<RewardRecord> base, List<RewardRecord> candidate) {
        return compare(base, candidate, null);
    }

    /**
     * Compares one unit: the samples of {@code base} and {@code candidate} with the same id are
     * paired; a sample on one side only is counted and left out.
     *
     * @param listener sees each pair, or null
     * @return the reward figures of this unit alone
     */
    public RewardFigures compare(List<RewardRecord> base, List<RewardRecord> candidate, PairListener listener) {
        Map<String, RewardRecord> candidates = new HashMap<>(candidate.size() * 2);
        for (RewardRecord c : candidate) {
            candidates.put(c.id(), c);
        }
        Map<String, List<RewardRecord[]>> groups = new LinkedHashMap<>();
        RewardShift unit = new RewardShift();
        for (RewardRecord b : base) {
            RewardRecord c = candidates.remove(b.id());
            if (c == null) {
                onlyInBase++;
                continue;
            }
            add(b, c, unit);
            groups.computeIfAbsent(b.promptId(), k -> new ArrayList<>()).add(new RewardRecord[] {b, c});
            if (listener != null) {
                listener.compared(b, c);
            }
        }
        onlyInCandidate += candidates.size();
        groups.values().forEach(ranks::add);
        return unit.figures();
    }

    private void add(RewardRecord b, RewardRecord c, RewardShift unit) {
        String domain = domainOf(b);
        overall.add(b, c);
        unit.add(b, c);
        domains.computeIfAbsent(domain, d -> new RewardShift()).add(b, c);
        Map<String, TermShift> inDomain = domainTerms.computeIfAbsent(domain, d -> new TreeMap<>());
        addTerms(b.terms(), true, terms, inDomain);
        addTerms(c.terms(), false, terms, inDomain);
        if (b.provenance() != null) {
            basePolicies.add(b.provenance().policy());
        }
        if (c.provenance() != null) {
            candidatePolicies.add(c.provenance().policy());
        }
        double delta = c.reward() - b.reward();
        if (deltaCount == deltas.length) {
            deltas = java.util.Arrays.copyOf(deltas, deltas.length * 2);
        }
        deltas[deltaCount++] = delta;
        if (moversKept > 0 && delta != 0) {
            Mover m = new Mover(b.id(), b.promptId(), domain, delta, b, c);
            if (movers.size() < moversKept) {
                movers.add(m);
            } else if (SMALLEST_MOVE_FIRST.compare(m, movers.peek()) > 0) {
                movers.poll();
                movers.add(m);
            }
        }
    }

    private static void addTerms(Map<String, TermOutcome> outcomes, boolean base, Map<String, TermShift> all,
                                 Map<String, TermShift> inDomain) {
        if (outcomes == null) {
            return;
        }
        for (Map.Entry<String, TermOutcome> e : outcomes.entrySet()) {
            all.computeIfAbsent(e.getKey(), k -> new TermShift()).add(e.getValue(), base);
            inDomain.computeIfAbsent(e.getKey(), k -> new TermShift()).add(e.getValue(), base);
        }
    }

    private static String domainOf(RewardRecord r) {
        return r.observed() == null || r.observed().domain() == null ? "unknown" : r.observed().domain();
    }

    /** The reward figures over everything compared so far: cheap, for a per-batch standing. */
    public RewardFigures rewardFigures() {
        return overall.figures();
    }

    public DiffSummary summary() {
        Map<String, DomainFigures> byDomain = new LinkedHashMap<>();
        domains.forEach((d, shift) -> byDomain.put(d, new DomainFigures(shift.figures(),
                TermShift.figures(domainTerms.get(d), shift.samples))));
        List<Mover> top = new ArrayList<>(movers);
        top.sort(SMALLEST_MOVE_FIRST.reversed());
        return new DiffSummary(List.copyOf(basePolicies), List.copyOf(candidatePolicies), overall.samples,
                onlyInBase, onlyInCandidate, overall.figures(), ranks.figures(), byDomain,
                TermShift.figures(terms, overall.samples), histogram(), top);
    }

    private DiffSummary.Histogram histogram() {
        double range = 0;
        long unchanged = 0;
        for (int i = 0; i < deltaCount; i++) {
            range = Math.max(range, Math.abs(deltas[i]));
            if (deltas[i] == 0) {
                unchanged++;
            }
        }
        long[] counts = new long[HISTOGRAM_BINS];
        if (range > 0) {
            for (int i = 0; i < deltaCount; i++) {
                if (deltas[i] != 0) {
                    int bin = (int) Math.floor((deltas[i] + range) / (2 * range) * HISTOGRAM_BINS);
                    counts[Math.min(HISTOGRAM_BINS - 1, bin)]++;
                }
            }
        }
        List<Long> list = new ArrayList<>(HISTOGRAM_BINS);
        for (long c : counts) {
            list.add(c);
        }
        return new DiffSummary.Histogram(range, unchanged, list);
    }

    /** Reward sums of a set of compared samples. */
    private static final class RewardShift {
        long samples;
        double sumBase;
        double sumCandidate;
        double sumAbsDelta;
        double maxAbsDelta;
        long signFlips;

        void add(RewardRecord b, RewardRecord c) {
            samples++;
            sumBase += b.reward();
            sumCandidate += c.reward();
            double abs = Math.abs(c.reward() - b.reward());
            sumAbsDelta += abs;
            maxAbsDelta = Math.max(maxAbsDelta, abs);
            if (Math.signum(b.advantage()) * Math.signum(c.advantage()) < 0) {
                signFlips++;
            }
        }

        RewardFigures figures() {
            if (samples == 0) {
                return new RewardFigures(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);
            }
            double meanBase = sumBase / samples;
            double meanCandidate = sumCandidate / samples;
            return new RewardFigures(samples, meanBase, meanCandidate, meanCandidate - meanBase, sumAbsDelta / samples,
                    maxAbsDelta, signFlips, (double) signFlips / samples);
        }
    }

    /** One term's sums on each side; samples it was not routed to add nothing. */
    private static final class TermShift {
        long routedBase;
        long routedCandidate;
        double weightBase;
        double weightCandidate;
        double contributionBase;
        double contributionCandidate;

        void add(TermOutcome t, boolean base) {
            double contribution = t.value() == null ? 0 : t.weight() * t.value();
            if (base) {
                routedBase++;
                weightBase += t.weight();
                contributionBase += contribution;
            } else {
                routedCandidate++;
                weightCandidate += t.weight();
                contributionCandidate += contribution;
            }
        }

        static Map<String, TermFigures> figures(Map<String, TermShift> terms, long samples) {
            Map<String, TermFigures> out = new LinkedHashMap<>();
            terms.forEach((id, t) -> {
                double wb = t.weightBase / samples;
                double wc = t.weightCandidate / samples;
                double cb = t.contributionBase / samples;
                double cc = t.contributionCandidate / samples;
                out.put(id, new TermFigures(t.routedBase, t.routedCandidate, wb, wc, wc - wb, cb, cc, cc - cb));
            });
            return out;
        }
    }
}
