package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.DesignCounts.MIN_FRAMED;

import dev.rewire.framework.stats.Median;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per type, whether a design identifies it ({@code yes}, {@code partly}, {@code no}) and why, in
 * words with the numbers behind it: GENUINE and NON_ATTITUDE need something to compare a choice
 * with (repeats or co-annotators), CONSTRUCTED two framings and a cue they could act on, ARTIFACT
 * times or the shown order. Stateless.
 */
final class Identifiability {

    /** Items an annotator needs for their own type to be decided from their picks alone. */
    static final int MIN_ITEMS = 10;

    private Identifiability() {
    }

    /**
     * The types' answers, in the order GENUINE, NON_ATTITUDE, CONSTRUCTED, ARTIFACT.
     *
     * @param mixed annotators the fit found with no opinion on some of their items only
     */
    static Map<String, Map<String, String>> of(DesignCounts counts, Coding coding, int mixed) {
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        preferences(counts, types);
        // a few coins that agreed with themselves more than chance look mixed; a tenth of the annotators is a pattern
        if (mixed >= Math.max(2, 0.1 * counts.annotators) && !"no".equals(types.get("GENUINE").get("identifiable"))) {
            someItemsOnly(counts, mixed, types);
        }
        types.put("CONSTRUCTED", constructed(counts, coding));
        double timedShare = counts.timedShare();
        double orderShare = counts.orderedShare();
        types.put("ARTIFACT", type(timedShare >= 0.5 ? "yes" : orderShare >= 0.5 ? "partly" : "no",
                String.format(Locale.ROOT, "%.0f%% of judgments timed (speeding), %.0f%% with the shown order "
                        + "(position habits), straight-lining counted in the order seen (%s)", 100 * timedShare,
                        100 * orderShare, counts.allStamped() ? "timestamps" : "rounds")));
        return types;
    }

    /** GENUINE and NON_ATTITUDE from the design alone. */
    private static void preferences(DesignCounts counts, Map<String, Map<String, String>> types) {
        double repeatedShare = counts.repeatedShare();
        double coShare = counts.coShare();
        double fourShare = counts.fourShare();
        double medianItems = counts.medianItems();
        boolean slips = fourShare >= 0.5 || coShare >= 0.5;
        if (!comparable(counts)) {
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
    }

    /** Whether a choice has something to be compared with: most signals repeated, or most pairs co-annotated. */
    private static boolean comparable(DesignCounts counts) {
        return counts.repeatedShare() >= 0.5 || counts.coShare() >= 0.5;
    }

    /** GENUINE and NON_ATTITUDE partly, where annotators hold no opinion on some of their items only. */
    private static void someItemsOnly(DesignCounts counts, int mixed, Map<String, Map<String, String>> types) {
        double median = Median.of(counts.choices);
        String why = String.format(Locale.ROOT, "%d annotators hold no opinion on some of their items only; a coin's "
                + "%.0f choices of a pair agree with each other with probability %.2f, so which of their items are "
                + "coins is decided only in part", mixed, median, Math.pow(0.5, Math.max(0, median - 1)));
        types.put("GENUINE", type("partly", why));
        types.put("NON_ATTITUDE", type("partly", why));
    }

    private static Map<String, String> constructed(DesignCounts counts, Coding coding) {
        if (coding.framings().size() < 2) {
            return type("no", "one framing (" + coding.framings().get(0)
                    + "): nothing to contrast, so a framing-dependent pick does not show");
        }
        if (coding.cues().isEmpty()) {
            return type("no", "no filter offers a cue a framing could act on");
        }
        double two = counts.twoFramingsShare();
        double medianItems = counts.medianItems();
        String numbers = String.format(Locale.ROOT, "%d framings; %.0f%% of annotators with %d or more choices "
                + "under each of two framings", coding.framings().size(), 100 * two, MIN_FRAMED);
        if (two < 0.5) {
            return type("no", numbers + ": too few see two framings");
        } else if (medianItems < MIN_ITEMS) {
            return type("partly", String.format(Locale.ROOT, "%s; with a median of %.0f items "
                    + "per annotator (under %d), some genuine or coin-flipping annotators match a framing's pattern "
                    + "by chance", numbers, medianItems, MIN_ITEMS));
        } else if (!comparable(counts) && counts.repeatedShare() < 0.5) {
            return type("partly", numbers + "; a constructed annotator is found, but whether "
                    + "the framing moved a pick off their preference needs the better response, which one "
                    + "uncompared choice does not give");
        } else if (counts.repeatedShare() < 0.5) {
            return type("partly", numbers + "; one choice a pair: a framing's pattern shows only "
                    + "across an annotator's items, against co-annotators' picks, and a coin-flipper can match one "
                    + "framing's pattern by chance");
        }
        return type("yes", numbers);
    }

    private static Map<String, String> type(String identifiable, String why) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("identifiable", identifiable);
        m.put("why", why);
        return m;
    }
}
