package dev.rewire.runtime.pairs;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.WeightedPair;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.stats.Agreement;
import dev.rewire.framework.stats.Median;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the per-annotator table: agreement with the aggregate, retest stability, speed, position. */
final class AnnotatorTable {

    private AnnotatorTable() {
    }

    static List<AnnotatorRow> of(List<PreferencePair> signals, Map<String, Classification> classified,
                                 List<WeightedPair> pairs, Map<String, Integer> pairIndex) {
        Map<String, List<PreferencePair>> byAnnotator = new TreeMap<>();
        signals.forEach(s -> byAnnotator.computeIfAbsent(s.judgments().get(0).annotator(), a -> new ArrayList<>()).add(s));
        List<AnnotatorRow> rows = new ArrayList<>();
        byAnnotator.forEach((annotator, mine) -> {
            List<Object> theirs = new ArrayList<>();
            List<Object> consensus = new ArrayList<>();
            int repeated = 0;
            int stable = 0;
            List<Long> times = new ArrayList<>();
            int choices = 0;
            int firstShown = 0;
            int judgments = 0;
            Map<String, Integer> verdicts = new LinkedHashMap<>();
            for (PreferencePair s : mine) {
                judgments += s.judgments().size();
                String pick = Judgment.majorityChoice(s.judgments());
                WeightedPair aggregated = pairs.get(pairIndex.get(PairPipeline.pairOf(s)));
                if (pick != null) {
                    theirs.add(pick.equals("a") ? s.a() : s.b());
                    consensus.add(aggregated.chosen());
                }
                long opinions = s.judgments().stream().filter(Judgment::isChoice).count();
                if (opinions >= 2) {
                    repeated++;
                    stable += s.judgments().stream().filter(Judgment::isChoice)
                            .map(Judgment::pick).distinct().count() == 1 ? 1 : 0;
                }
                for (Judgment j : s.judgments()) {
                    if (j.timeMs() != null) {
                        times.add(j.timeMs());
                    }
                    if (j.isChoice()) {
                        choices++;
                        String order = j.shownOrder() == null ? "ab" : j.shownOrder();
                        firstShown += j.pick().equals(order.substring(0, 1)) ? 1 : 0;
                    }
                }
                Classification c = classified.get(s.id());
                if (c != null) {
                    verdicts.merge(c.getVerdict().name(), 1, Integer::sum);
                }
            }
            double median = Median.of(times.stream().mapToDouble(Long::doubleValue).toArray());
            rows.add(new AnnotatorRow(annotator, judgments, mine.size(),
                    theirs.isEmpty() ? Double.NaN : Agreement.percentAgreement(theirs, consensus),
                    theirs.isEmpty() ? Double.NaN : Agreement.cohenKappa(pickSide(theirs, mine), pickSide(consensus, mine)),
                    repeated == 0 ? Double.NaN : (double) stable / repeated, median,
                    choices == 0 ? Double.NaN : (double) firstShown / choices, verdicts));
        });
        return rows;
    }

    /** Labels as "a"/"b" relative to each decided signal's pair, so kappa compares like with like. */
    private static List<Object> pickSide(List<Object> chosenTexts, List<PreferencePair> mine) {
        List<Object> sides = new ArrayList<>();
        int k = 0;
        for (PreferencePair s : mine) {
            if (Judgment.majorityChoice(s.judgments()) != null) {
                sides.add(chosenTexts.get(k++).equals(s.a()) ? "a" : "b");
            }
        }
        return sides;
    }
}
