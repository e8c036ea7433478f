package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.record.WeightedPair;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.stats.Agreement;
import dev.rewire.framework.stats.Median;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the per-annotator table: their verdicts, the type model's view of them, and the pooled
 * statistics the filters tested against chance (read from the filters' evidence, not recomputed).
 */
final class AnnotatorTable {

    private AnnotatorTable() {
    }

    static List<AnnotatorRow> of(List<PairSignal> signals, List<String> annotators, TypeModel.Fit fit, Coding coding,
                                 Map<String, Classification> classified, Map<String, List<FilterEvidence>> evidenceOf,
                                 List<WeightedPair> pairs, Map<PreferencePair, Integer> pairIndex) {
        Map<String, List<PairSignal>> byAnnotator = new HashMap<>();
        signals.forEach(s -> byAnnotator.computeIfAbsent(s.annotator(), a -> new ArrayList<>()).add(s));
        List<AnnotatorRow> rows = new ArrayList<>();
        for (int u = 0; u < annotators.size(); u++) {
            String annotator = annotators.get(u);
            List<PairSignal> mine = byAnnotator.get(annotator);
            Map<String, Integer> verdicts = new LinkedHashMap<>();
            for (Verdict v : Verdict.values()) {
                verdicts.put(v.name(), 0);
            }
            List<Object> theirs = new ArrayList<>();
            List<Object> aggregated = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            int judgments = 0;
            Map<String, Double> pooled = new HashMap<>();
            for (PairSignal s : mine) {
                judgments += s.judgments().size();
                s.judgments().stream().filter(j -> j.timeMs() != null).forEach(j -> times.add(j.timeMs().doubleValue()));
                Classification c = classified.get(s.id());
                if (c != null) {
                    verdicts.merge(c.getVerdict().name(), 1, Integer::sum);
                }
                String pick = s.majorityPick();
                if (pick != null) {
                    WeightedPair w = pairs.get(pairIndex.get(s.pair()));
                    theirs.add(pick);
                    aggregated.add(w.chosen().equals(s.pair().a()) ? "a" : "b");
                }
                // Pooled per annotator by the filters, so every signal of theirs carries the same value.
                for (FilterEvidence e : evidenceOf.getOrDefault(s.id(), List.of())) {
                    e.metrics().forEach((k, v) -> pooled.putIfAbsent(e.filterId() + "." + k, v));
                }
            }
            Map<String, Double> mix = new LinkedHashMap<>();
            for (int z = 0; z < TypeModel.TYPES.size(); z++) {
                mix.put(TypeModel.TYPES.get(z).name(), fit.mix()[u][z]);
            }
            rows.add(new AnnotatorRow(annotator, judgments, mine.size(), verdicts, mix, fit.slip()[u],
                    pooled.getOrDefault("test_retest.annotator_retest_agreement", Double.NaN),
                    pooled.getOrDefault("test_retest.annotator_retest_p", Double.NaN),
                    pooled.getOrDefault("position.first_shown_share", Double.NaN),
                    pooled.getOrDefault("position.p_value", Double.NaN),
                    annotatorClass(fit.classes()[u]), pushes(fit.push()[u], coding, mine),
                    theirs.isEmpty() ? Double.NaN : Agreement.percentAgreement(theirs, aggregated),
                    theirs.isEmpty() ? Double.NaN : Agreement.cohenKappa(theirs, aggregated),
                    Median.of(times.stream().mapToDouble(Double::doubleValue).toArray())));
        }
        return rows;
    }

    private static Map<String, Double> annotatorClass(double[] classes) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int c = 0; c < TypeModel.CLASSES; c++) {
            m.put(c == TypeModel.MIXED ? "MIXED" : TypeModel.TYPES.get(c).name(), Math.round(classes[c] * 1e4) / 1e4);
        }
        return m;
    }

    /** The fitted push under each framing the annotator chose under. */
    private static Map<String, String> pushes(int[] push, Coding coding, List<PairSignal> mine) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String framing : Coding.framingsOf(mine)) {
            m.put(framing, coding.push(push[coding.framings().indexOf(framing)]));
        }
        return m;
    }
}
