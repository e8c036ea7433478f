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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an elicitation design can and cannot identify, read from the data before any verdict:
 * repeats, co-annotators, items per annotator, framings and the cues they could act on, ties,
 * times and the order items were seen. Each type gets {@code yes}, {@code partly} or {@code no}
 * with the reason and the numbers behind it, and the fitted framing pushes are summarised. An
 * answer of UNDETERMINED is expected exactly where this says a type is not (or only partly)
 * identifiable. Immutable.
 *
 * @param numbers the design's numbers (choices per signal, co-annotated share, ...)
 * @param types   per type: {@code identifiable} (yes, partly, no) and {@code why}
 * @param pushes  per framing, how many annotators the model found constructed with each push
 */
public record DesignReport(Map<String, Object> numbers, Map<String, Map<String, String>> types,
                           Map<String, Map<String, Integer>> pushes) {

    /** Items an annotator needs for their own type to be decided from their picks alone. */
    static final int MIN_ITEMS = 10;
    /** Choices under each of two framings an annotator needs for a framing-dependent pick to show. */
    static final int MIN_FRAMED = 4;

    static DesignReport of(List<PairSignal> signals, Coding coding, TypeModel.Fit fit, List<String> annotators) {
        int n = signals.size();
        Map<PreferencePair, Integer> ratersOf = new IdentityHashMap<>();
        Map<String, List<PairSignal>> byAnnotator = new HashMap<>();
        double[] choices = new double[n];
        int repeated = 0;
        int four = 0;
        long judgments = 0;
        long ties = 0;
        long timed = 0;
        long stamped = 0;
        long ordered = 0;
        for (int i = 0; i < n; i++) {
            PairSignal s = signals.get(i);
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
        long coAnnotated = ratersOf.values().stream().filter(r -> r >= 2).count();
        double[] items = new double[annotators.size()];
        int twoFramings = 0;
        double[] framedMin = new double[annotators.size()];
        for (int u = 0; u < annotators.size(); u++) {
            List<PairSignal> mine = byAnnotator.getOrDefault(annotators.get(u), List.of());
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
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("signals", n);
        numbers.put("annotators", annotators.size());
        numbers.put("pairs", ratersOf.size());
        numbers.put("median_choices_per_signal", Median.of(choices));
        numbers.put("share_of_signals_repeated", share(repeated, n));
        numbers.put("share_of_signals_with_4_or_more_choices", share(four, n));
        numbers.put("share_of_pairs_co_annotated", share(coAnnotated, ratersOf.size()));
        numbers.put("median_items_per_annotator", Median.of(items));
        numbers.put("framings", coding.framings());
        numbers.put("cues", coding.cues());
        numbers.put("share_of_annotators_with_two_framings", share(twoFramings, annotators.size()));
        numbers.put("ties", ties);
        numbers.put("share_of_judgments_timed", share(timed, judgments));
        numbers.put("share_of_judgments_with_timestamp", share(stamped, judgments));
        numbers.put("share_of_judgments_with_shown_order", share(ordered, judgments));

        double repeatedShare = share(repeated, n);
        double coShare = share(coAnnotated, ratersOf.size());
        double fourShare = share(four, n);
        double medianItems = Median.of(items);
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        boolean preferences = repeatedShare >= 0.5 || coShare >= 0.5;
        boolean slips = fourShare >= 0.5 || coShare >= 0.5;
        if (!preferences) {
            types.put("GENUINE", type("no", String.format(Locale.ROOT, "%.0f%% of signals are repeated and %.0f%% of "
                    + "pairs co-annotated: one choice with nothing to compare predicts a held preference and a coin "
                    + "equally well", 100 * repeatedShare, 100 * coShare)));
            types.put("NON_ATTITUDE", type("no", "as GENUINE: a coin's single choice looks like a preference"));
        } else if (medianItems < MIN_ITEMS) {
            types.put("GENUINE", type("partly", String.format(Locale.ROOT, "a median of %.0f items per annotator "
                    + "(under %d) leaves each annotator's own type uncertain", medianItems, MIN_ITEMS)));
            types.put("NON_ATTITUDE", type("partly", types.get("GENUINE").get("why")));
        } else if (!slips) {
            String why = String.format(Locale.ROOT, "%.0f%% of signals repeated, %.0f%% of pairs co-annotated, %.0f%% "
                    + "of signals with four or more choices: an annotator who is one kind throughout is identified "
                    + "(their agreement with themself against chance), but one with no opinion on some items only is "
                    + "not told apart from one who slips, item by item", 100 * repeatedShare, 100 * coShare, 100 * fourShare);
            types.put("GENUINE", type("partly", why));
            types.put("NON_ATTITUDE", type("partly", why));
        } else {
            types.put("GENUINE", type("yes", String.format(Locale.ROOT, "%.0f%% of signals repeated, %.0f%% of pairs "
                    + "co-annotated, a median of %.0f items per annotator", 100 * repeatedShare, 100 * coShare,
                    medianItems)));
            types.put("NON_ATTITUDE", repeatedShare < 0.5
                    ? type("partly", String.format(Locale.ROOT, "%.0f%% of signals repeated: a single choice off the "
                            + "co-annotators' preference is a slip or a coin alike, so a coin-flipping annotator is found "
                            + "from all their items, and one who flips on some items only is not", 100 * repeatedShare))
                    : type("yes", String.format(Locale.ROOT, "%.0f%% of signals with four or more choices, %.0f%% of "
                            + "pairs co-annotated: slips are told from non-attitudes item by item", 100 * fourShare,
                            100 * coShare)));
        }
        int mixed = 0;
        for (int u = 0; u < annotators.size(); u++) {
            double na = fit.mix()[u][TypeModel.N];
            mixed += fit.classes()[u][TypeModel.MIXED] >= 0.5 && na >= 0.1 && na <= 0.9 ? 1 : 0;
        }
        numbers.put("annotators_with_no_opinion_on_some_items", mixed);
        // a few coins that agreed with themselves more than chance look mixed; a tenth of the annotators is a pattern
        if (mixed >= Math.max(2, 0.1 * annotators.size()) && !"no".equals(types.get("GENUINE").get("identifiable"))) {
            double median = Median.of(choices);
            String why = String.format(Locale.ROOT, "%d annotators hold no opinion on some of their items only; a coin's "
                    + "%.0f choices of a pair agree with each other with probability %.2f, so which of their items are "
                    + "coins is decided only in part", mixed, median, Math.pow(0.5, Math.max(0, median - 1)));
            types.put("GENUINE", type("partly", why));
            types.put("NON_ATTITUDE", type("partly", why));
        }
        if (coding.framings().size() < 2) {
            types.put("CONSTRUCTED", type("no", "one framing (" + coding.framings().get(0)
                    + "): nothing to contrast, so a framing-dependent pick does not show"));
        } else if (coding.cues().isEmpty()) {
            types.put("CONSTRUCTED", type("no", "no filter offers a cue a framing could act on"));
        } else {
            double two = share(twoFramings, annotators.size());
            String counts = String.format(Locale.ROOT, "%d framings; %.0f%% of annotators with %d or more choices "
                    + "under each of two framings", coding.framings().size(), 100 * two, MIN_FRAMED);
            if (two < 0.5) {
                types.put("CONSTRUCTED", type("no", counts + ": too few see two framings"));
            } else if (medianItems < MIN_ITEMS) {
                types.put("CONSTRUCTED", type("partly", String.format(Locale.ROOT, "%s; with a median of %.0f items "
                        + "per annotator (under %d), some genuine or coin-flipping annotators match a framing's pattern "
                        + "by chance", counts, medianItems, MIN_ITEMS)));
            } else if (!preferences && repeatedShare < 0.5) {
                types.put("CONSTRUCTED", type("partly", counts + "; a constructed annotator is found, but whether "
                        + "the framing moved a pick off their preference needs the better response, which one "
                        + "uncompared choice does not give"));
            } else if (repeatedShare < 0.5) {
                types.put("CONSTRUCTED", type("partly", counts + "; one choice a pair: a framing's pattern shows only "
                        + "across an annotator's items, against co-annotators' picks, and a coin-flipper can match one "
                        + "framing's pattern by chance"));
            } else {
                types.put("CONSTRUCTED", type("yes", counts));
            }
        }
        double timedShare = share(timed, judgments);
        double orderShare = share(ordered, judgments);
        types.put("ARTIFACT", type(timedShare >= 0.5 ? "yes" : orderShare >= 0.5 ? "partly" : "no",
                String.format(Locale.ROOT, "%.0f%% of judgments timed (speeding), %.0f%% with the shown order "
                        + "(position habits), straight-lining counted in the order seen (%s)", 100 * timedShare,
                        100 * orderShare, stamped == judgments && judgments > 0 ? "timestamps" : "rounds")));

        Map<String, Map<String, Integer>> pushes = new TreeMap<>();
        for (int u = 0; u < annotators.size(); u++) {
            if (fit.classes()[u][TypeModel.C] + fit.classes()[u][TypeModel.MIXED] * fit.mix()[u][TypeModel.C] < 0.5) {
                continue;
            }
            for (int f = 0; f < coding.framings().size(); f++) {
                if (framedMin[u] > 0) {
                    pushes.computeIfAbsent(coding.framings().get(f), k -> new TreeMap<>())
                            .merge(coding.push(fit.push()[u][f]), 1, Integer::sum);
                }
            }
        }
        return new DesignReport(numbers, types, pushes);
    }

    /** Whether the report calls the type identifiable ({@code yes}). */
    public boolean identifies(String type) {
        Map<String, String> t = types.get(type);
        return t != null && "yes".equals(t.get("identifiable"));
    }

    /** The report as lines for the terminal. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "design: %s signals of %s annotators on %s pairs; median %s choices a "
                        + "signal, %.0f%% of pairs co-annotated, median %s items an annotator; framings %s%n",
                numbers.get("signals"), numbers.get("annotators"), numbers.get("pairs"),
                num(numbers.get("median_choices_per_signal")),
                100 * (double) numbers.get("share_of_pairs_co_annotated"), num(numbers.get("median_items_per_annotator")),
                numbers.get("framings")));
        types.forEach((type, t) -> s.append(String.format(Locale.ROOT, "  %-13s identifiable: %-6s %s%n", type,
                t.get("identifiable"), t.get("why"))));
        pushes.forEach((framing, byPush) -> s.append("  pushes found under ").append(framing).append(": ")
                .append(counts(byPush)).append(System.lineSeparator()));
        return s.toString();
    }

    /** Non-zero counts as "GENUINE 12, NON_ATTITUDE 3". */
    public static String counts(Map<String, ? extends Number> counts) {
        StringBuilder s = new StringBuilder();
        counts.forEach((k, n) -> {
            if (n.longValue() > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(n);
            }
        });
        return s.length() == 0 ? "none" : s.toString();
    }

    private static String num(Object v) {
        double d = ((Number) v).doubleValue();
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static Map<String, String> type(String identifiable, String why) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("identifiable", identifiable);
        m.put("why", why);
        return m;
    }

    private static double share(long k, long n) {
        return n == 0 ? 0 : Math.round(1000.0 * k / n) / 1000.0;
    }
}
