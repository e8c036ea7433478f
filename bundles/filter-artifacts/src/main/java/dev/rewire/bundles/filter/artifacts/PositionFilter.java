package dev.rewire.bundles.filter.artifacts;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.Hypothesis;
import dev.rewire.framework.stats.ChanceTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code position}: position bias is a measurement artifact. Per annotator, the choices that
 * went to the response shown first, pooled over all their items and tested against a fair coin
 * (exact binomial): a habit is a share with p below {@code alpha} (0.001) over at least
 * {@code min_choices} (10) choices that also leans the same way, with p below
 * {@code per_framing_alpha} (0.05), under every framing with that many choices; a pull that
 * shows under one framing only is the framing's doing (constructed), not a habit. Every signal of
 * an annotator with a habit gets {@code ARTIFACT} evidence and the hypothesis that each pick
 * goes to the favoured position; the others {@code GENUINE} evidence. Per signal also position
 * consistency: whether the pick stayed with the same response when the order was swapped. A signal
 * judged by several annotators (a sample's) has each annotator judged on their own: ARTIFACT when
 * those with a habit gave at least half of its judgments, else GENUINE naming them.
 * Configuration PID {@code rewire.filter.position}.
 */
@Component(service = AnnotationFilter.class, configurationPid = "rewire.filter.position")
public final class PositionFilter implements AnnotationFilter {

    /** Configuration; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        int min__choices() default 10;

        double alpha() default 0.001;

        double per__framing__alpha() default 0.05;
    }

    private final int minChoices;
    private final double alpha;
    private final double perFramingAlpha;

    PositionFilter(int minChoices, double alpha, double perFramingAlpha) {
        this.minChoices = minChoices;
        this.alpha = alpha;
        this.perFramingAlpha = perFramingAlpha;
    }

    @Activate
    public PositionFilter(Config c) {
        this(c.min__choices(), c.alpha(), c.per__framing__alpha());
    }

    @Override
    public String id() {
        return "position";
    }

    /** An annotator's first-shown choices, pooled and per framing, and the habit they show. */
    private final class Habit {
        final int[] pooled = new int[2]; // first-shown, choices with a known order
        final Map<String, int[]> byFraming = new LinkedHashMap<>();
        double pValue;
        /** "first", "second" or null (no habit). */
        String favoured;
        private String reason;

        void add(Judgment j) {
            String first = j.firstShownSide();
            if (!j.isChoice() || first == null) {
                return;
            }
            int hit = j.pick().equals(first) ? 1 : 0;
            pooled[0] += hit;
            pooled[1]++;
            int[] f = byFraming.computeIfAbsent(String.valueOf(j.framing()), k -> new int[2]);
            f[0] += hit;
            f[1]++;
        }

        void decide() {
            pValue = ChanceTest.twoSidedCoin(pooled[0], pooled[1]);
            if (pooled[1] < minChoices || pValue >= alpha) {
                return;
            }
            boolean first = 2 * pooled[0] > pooled[1];
            for (int[] f : byFraming.values()) {
                boolean sameWay = first ? 2 * f[0] > f[1] : 2 * f[0] < f[1];
                if (f[1] >= minChoices && (!sameWay || ChanceTest.twoSidedCoin(f[0], f[1]) >= perFramingAlpha)) {
                    return;
                }
            }
            favoured = first ? "first" : "second";
        }

        double share() {
            return pooled[1] == 0 ? Double.NaN : (double) pooled[0] / pooled[1];
        }

        /** The sentence on this habit; the same for every signal of the batch, so formatted once. */
        String reason(String annotator) {
            if (reason == null) {
                reason = favoured != null ? String.format(Locale.ROOT,
                        "%s picked the %s-shown response in %.0f%% of %d choices (chance 50%%, p %.1e), under every framing",
                        annotator, favoured, 100 * (favoured.equals("first") ? share() : 1 - share()), pooled[1], pValue)
                        : String.format(Locale.ROOT, "no position habit: %.0f%% first-shown of %d choices (p %.2g)",
                        100 * share(), pooled[1], pValue);
            }
            return reason;
        }
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        // counted straight into each annotator's habit: a habit needs only the counts, in input order,
        // not the annotator's judgments gathered in a list first
        Map<String, Habit> habits = new HashMap<>();
        for (PreferenceSignal s : signals) {
            for (Judgment j : s.judgments()) {
                habits.computeIfAbsent(j.annotator(), a -> new Habit()).add(j);
            }
        }
        habits.values().forEach(Habit::decide);
        return ByAnnotator.perSignal(signals, s -> assess(s, habits));
    }

    /**
     * One signal's evidence: each of its annotators with enough choices in the batch is judged on
     * their own habit. ARTIFACT when annotators with a habit gave at least half of the signal's
     * judgments (the hypothesis predicts the favoured position for their judgments, nothing for the
     * others'); else GENUINE, naming any with a habit; null when no annotator of the signal made
     * enough choices. A one-annotator signal (every pair's) reads as it always did; a
     * several-annotator one names each annotator in its reasons and carries the metrics of the
     * annotator its verdict rests on (the first with a habit, else the first judged), with
     * {@code annotators} judged and {@code artifact_annotators}.
     */
    private FilterEvidence assess(PreferenceSignal s, Map<String, Habit> habits) {
        Map<String, List<Judgment>> byAnnotator = ByAnnotator.of(s);
        List<String> judged = new ArrayList<>();
        List<String> withHabit = new ArrayList<>();
        int habitJudgments = 0;
        for (Map.Entry<String, List<Judgment>> e : byAnnotator.entrySet()) {
            Habit h = habits.get(e.getKey());
            if (h.pooled[1] >= minChoices) {
                judged.add(e.getKey());
                if (h.favoured != null) {
                    withHabit.add(e.getKey());
                    habitJudgments += e.getValue().size();
                }
            }
        }
        if (judged.isEmpty()) {
            return null;
        }
        boolean several = byAnnotator.size() > 1;
        boolean artifact = ByAnnotator.mostly(habitJudgments, s);
        List<String> reasons = new ArrayList<>();
        for (String annotator : artifact ? withHabit : judged) {
            Habit h = habits.get(annotator);
            String reason = h.reason(annotator);
            reasons.add(several && h.favoured == null ? annotator + ": " + reason : reason);
        }
        if (!artifact && !withHabit.isEmpty()) {
            reasons.add(ByAnnotator.minority(habitJudgments, s, "with a position habit"));
        }
        String restsOn = withHabit.isEmpty() ? judged.get(0) : withHabit.get(0);
        Habit h = habits.get(restsOn);
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("first_shown_share", h.share());
        metrics.put("annotator_choices", (double) h.pooled[1]);
        metrics.put("p_value", h.pValue);
        metrics.put("position_consistency", consistency(byAnnotator.get(restsOn)));
        if (several) {
            metrics.put("annotators", (double) judged.size());
            metrics.put("artifact_annotators", (double) withHabit.size());
        }
        if (!artifact) {
            return new FilterEvidence(s.id(), id(), Verdict.GENUINE, reasons, metrics);
        }
        List<String> predicted = new ArrayList<>();
        for (Judgment j : s.judgments()) {
            Habit of = habits.get(j.annotator());
            String first = j.firstShownSide();
            predicted.add(of.favoured == null || of.pooled[1] < minChoices || !j.isChoice() || first == null ? null
                    : of.favoured.equals("first") ? first : first.equals("a") ? "b" : "a");
        }
        return new FilterEvidence(s.id(), id(), Verdict.ARTIFACT, reasons, metrics,
                new Hypothesis(Verdict.ARTIFACT, predicted));
    }

    /** Share of one annotator's order-swapped repeats whose pick stayed with the same response; NaN without swaps. */
    private static double consistency(List<Judgment> judgments) {
        List<Judgment> ab = new ArrayList<>();
        List<Judgment> ba = new ArrayList<>();
        for (Judgment j : judgments) {
            if (j.isChoice() && j.shownOrder() != null) {
                ("ba".equals(j.shownOrder()) ? ba : ab).add(j);
            }
        }
        if (ab.isEmpty() || ba.isEmpty()) {
            return Double.NaN;
        }
        int same = 0;
        int pairs = 0;
        for (Judgment x : ab) {
            for (Judgment y : ba) {
                pairs++;
                same += x.pick().equals(y.pick()) ? 1 : 0;
            }
        }
        return (double) same / pairs;
    }
}
