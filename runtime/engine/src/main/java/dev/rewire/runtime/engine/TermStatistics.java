package dev.rewire.runtime.engine;

import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.stats.RunningMoments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-term statistics over a run: how often each term was routed, its mean and std,
 * its abstain rate, and the share of groups in which it gave every sample the same value, which
 * is a group that gives a group-normalized learner no signal. Thread safe: the pipeline adds while
 * a metrics endpoint may read.
 */
public final class TermStatistics {

    private final Map<String, Accumulator> byTerm = new TreeMap<>();

    /** Adds one term's results on the routed samples of one group. */
    public synchronized void add(String term, List<TermResult> groupResults) {
        Accumulator a = byTerm.computeIfAbsent(term, t -> new Accumulator());
        double first = Double.NaN;
        boolean varies = false;
        int values = 0;
        for (TermResult r : groupResults) {
            a.routed++;
            if (r.abstained()) {
                a.abstained++;
                continue;
            }
            a.values.add(r.value());
            values++;
            if (values == 1) {
                first = r.value();
            } else if (r.value() != first) {
                varies = true;
            }
        }
        if (values >= 2) {
            a.groups++;
            if (!varies) {
                a.zeroVarianceGroups++;
            }
        }
    }

    /** One term's figures, as written to the stats JSON. */
    public record Figures(long routed, double mean, double std, double abstainRate, long groups,
                          double zeroVarianceShare) {
    }

    public synchronized Map<String, Figures> figures() {
        Map<String, Figures> out = new LinkedHashMap<>();
        byTerm.forEach((term, a) -> out.put(term, new Figures(a.routed, a.values.mean(), a.values.std(),
                a.routed == 0 ? 0 : (double) a.abstained / a.routed,
                a.groups, a.groups == 0 ? Double.NaN : (double) a.zeroVarianceGroups / a.groups)));
        return out;
    }

    /** Every term's accumulated counts and moments, exactly, for a checkpoint ({@link #restore} takes them back). */
    public synchronized Map<String, Map<String, Double>> saved() {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        byTerm.forEach((term, a) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("routed", (double) a.routed);
            m.put("abstained", (double) a.abstained);
            m.put("groups", (double) a.groups);
            m.put("zero_variance_groups", (double) a.zeroVarianceGroups);
            m.put("count", (double) a.values.count());
            m.put("mean", a.values.count() == 0 ? 0 : a.values.mean());
            m.put("m2", a.values.sumOfSquaredDeviations());
            m.put("min", a.values.min());
            m.put("max", a.values.max());
            out.put(term, m);
        });
        return out;
    }

    /** Replaces the statistics with saved ones (a resumed run goes on from its checkpoint's). */
    public synchronized void restore(Map<String, Map<String, Double>> saved) {
        byTerm.clear();
        saved.forEach((term, m) -> {
            Accumulator a = new Accumulator(RunningMoments.of(m.get("count").longValue(), m.get("mean"), m.get("m2"),
                    m.get("min"), m.get("max")));
            a.routed = m.get("routed").longValue();
            a.abstained = m.get("abstained").longValue();
            a.groups = m.get("groups").longValue();
            a.zeroVarianceGroups = m.get("zero_variance_groups").longValue();
            byTerm.put(term, a);
        });
    }

    /** The figures as a table for the terminal. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %8s %9s %9s %8s %16s%n", "term", "routed",
                "mean", "std", "abstain", "zero-var groups"));
        figures().forEach((term, f) -> sb.append(String.format(Locale.ROOT, "%-16s %8d %9.4f %9.4f %7.1f%% %15s%n",
                term, f.routed(), f.mean(), f.std(), 100 * f.abstainRate(),
                f.groups() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%% of %d", 100 * f.zeroVarianceShare(),
                        f.groups()))));
        return sb.toString();
    }

    private static final class Accumulator {
        final RunningMoments values;
        long routed;
        long abstained;
        long groups;
        long zeroVarianceGroups;

        Accumulator() {
            this(new RunningMoments());
        }

        Accumulator(RunningMoments values) {
            this.values = values;
        }
    }
}
