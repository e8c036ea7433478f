package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.stats.Median;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An elicitation design's numbers, counted from the signals before any fit: repeats,
 * co-annotators, items per annotator, choices under each framing, ties, and which judgments carry
 * a time, a timestamp or the shown order. Not changed after construction.
 */
final class DesignCounts {

    /** Choices under each of two framings an annotator needs for a framing-dependent pick to show. */
    static final int MIN_FRAMED = 4;

    final int signals;
    final int annotators;
    /** Per signal, its choices. */
    final double[] choices;
    /** Per annotator, their signals. */
    final double[] items;
    /** Per annotator, the choices under their second most chosen-under framing (0 with one framing). */
    final double[] framedMin;
    private final Map<PreferencePair, Integer> ratersOf = new IdentityHashMap<>();
    private final Map<String, List<PairSignal>> byAnnotator = new HashMap<>();
    private int repeated;
    private int four;
    private long judgments;
    private long ties;
    private long timed;
    private long stamped;
    private long ordered;
    private final long coAnnotated;
    private int twoFramings;

    DesignCounts(List<PairSignal> signals, List<String> annotators) {
        this.signals = signals.size();
        this.annotators = annotators.size();
        choices = new double[this.signals];
        items = new double[this.annotators];
        framedMin = new double[this.annotators];
        countSignals(signals);
        coAnnotated = ratersOf.values().stream().filter(r -> r >= 2).count();
        countFramings(annotators);
    }

    private void countSignals(List<PairSignal> all) {
        for (int i = 0; i < signals; i++) {
            PairSignal s = all.get(i);
            choices[i] = s.choices();
            repeated += s.choices() >= 2 ? 1 : 0;
            four += s.choices() >= 4 ? 1 : 0;
            if (s.choices() > 0) {
                ratersOf.merge(s.pair(), 1, Integer::sum);
            }
            byAnnotator.computeIfAbsent(s.annotator(), a -> new ArrayList<>()).add(s);
            for (Judgment j : s.judgments()) {
                judgments++;
                ties += j.pick().equals("tie") ? 1 : 0;
                timed += j.timeMs() != null ? 1 : 0;
                stamped += j.timestamp() != null ? 1 : 0;
                ordered += j.shownOrder() != null ? 1 : 0;
            }
        }
    }

    private void countFramings(List<String> names) {
        for (int u = 0; u < annotators; u++) {
            List<PairSignal> mine = byAnnotator.getOrDefault(names.get(u), List.of());
            items[u] = mine.size();
            Map<String, Integer> perFraming = new HashMap<>();
            mine.forEach(s -> s.judgments().stream().filter(Judgment::isChoice)
                    .forEach(j -> perFraming.merge(Coding.framing(j), 1, Integer::sum)));
            if (perFraming.size() >= 2) {
                List<Integer> counts = new ArrayList<>(perFraming.values());
                counts.sort(null);
                framedMin[u] = counts.get(counts.size() - 2);
                twoFramings += framedMin[u] >= MIN_FRAMED ? 1 : 0;
            }
        }
    }

    /** Pairs with any choice. */
    int pairs() {
        return ratersOf.size();
    }

    double repeatedShare() {
        return share(repeated, signals);
    }

    double fourShare() {
        return share(four, signals);
    }

    double coShare() {
        return share(coAnnotated, pairs());
    }

    double medianItems() {
        return Median.of(items);
    }

    double twoFramingsShare() {
        return share(twoFramings, annotators);
    }

    double timedShare() {
        return share(timed, judgments);
    }

    double orderedShare() {
        return share(ordered, judgments);
    }

    /** Whether every judgment carries a timestamp (and there are some). */
    boolean allStamped() {
        return stamped == judgments && judgments > 0;
    }

    /** The numbers as the report lists them, in its order. */
    Map<String, Object> numbers(Coding coding) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("signals", signals);
        numbers.put("annotators", annotators);
        numbers.put("pairs", pairs());
        numbers.put("median_choices_per_signal", Median.of(choices));
        numbers.put("share_of_signals_repeated", repeatedShare());
        numbers.put("share_of_signals_with_4_or_more_choices", fourShare());
        numbers.put("share_of_pairs_co_annotated", coShare());
        numbers.put("median_items_per_annotator", medianItems());
        numbers.put("framings", coding.framings());
        numbers.put("cues", coding.cues());
        numbers.put("share_of_annotators_with_two_framings", twoFramingsShare());
        numbers.put("ties", ties);
        numbers.put("share_of_judgments_timed", timedShare());
        numbers.put("share_of_judgments_with_timestamp", share(stamped, judgments));
        numbers.put("share_of_judgments_with_shown_order", orderedShare());
        return numbers;
    }

    /** k of n, rounded to three places (0 of none). */
    static double share(long k, long n) {
        return n == 0 ? 0 : Math.round(1000.0 * k / n) / 1000.0;
    }
}
