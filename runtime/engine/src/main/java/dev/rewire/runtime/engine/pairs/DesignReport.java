package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.PairSignal;
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

    static DesignReport of(List<PairSignal> signals, Coding coding, TypeModel.Fit fit, List<String> annotators) {
        DesignCounts counts = new DesignCounts(signals, annotators);
        Map<String, Object> numbers = counts.numbers(coding);
        int mixed = noOpinionOnSome(fit, annotators.size());
        numbers.put("annotators_with_no_opinion_on_some_items", mixed);
        return new DesignReport(numbers, Identifiability.of(counts, coding, mixed), pushes(fit, coding, counts));
    }

    /** Annotators the fit found mixed with a non-attitude share between a tenth and nine tenths. */
    private static int noOpinionOnSome(TypeModel.Fit fit, int annotators) {
        int mixed = 0;
        for (int u = 0; u < annotators; u++) {
            double na = fit.mix()[u][TypeModel.N];
            mixed += fit.classes()[u][TypeModel.MIXED] >= 0.5 && na >= 0.1 && na <= 0.9 ? 1 : 0;
        }
        return mixed;
    }

    /** Per framing, how many of the annotators the fit found constructed have each push. */
    private static Map<String, Map<String, Integer>> pushes(TypeModel.Fit fit, Coding coding, DesignCounts counts) {
        Map<String, Map<String, Integer>> pushes = new TreeMap<>();
        for (int u = 0; u < counts.annotators; u++) {
            if (fit.classes()[u][TypeModel.C] + fit.classes()[u][TypeModel.MIXED] * fit.mix()[u][TypeModel.C] < 0.5) {
                continue;
            }
            for (int f = 0; f < coding.framings().size(); f++) {
                if (counts.framedMin[u] > 0) {
                    pushes.computeIfAbsent(coding.framings().get(f), k -> new TreeMap<>())
                            .merge(coding.push(fit.push()[u][f]), 1, Integer::sum);
                }
            }
        }
        return pushes;
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
}
