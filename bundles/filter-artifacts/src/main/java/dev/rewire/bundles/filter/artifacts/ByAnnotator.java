package dev.rewire.bundles.filter.artifacts;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Judgments grouped by annotator: across a batch of signals, and within one signal. */
final class ByAnnotator {

    private ByAnnotator() {
    }

    /** Each annotator's judgments across a batch of signals, in input order. */
    static Map<String, List<Judgment>> judgments(List<? extends PreferenceSignal> signals) {
        Map<String, List<Judgment>> out = new LinkedHashMap<>();
        for (PreferenceSignal s : signals) {
            for (Judgment j : s.judgments()) {
                out.computeIfAbsent(j.annotator(), a -> new ArrayList<>()).add(j);
            }
        }
        return out;
    }

    /**
     * One signal's judgments by annotator, annotators in order of their first judgment, each one's
     * judgments in input order: a sample carries every annotator's judgments, and each is judged on
     * their own (a pair's signal holds one annotator).
     */
    static Map<String, List<Judgment>> of(PreferenceSignal signal) {
        Map<String, List<Judgment>> out = new LinkedHashMap<>();
        for (Judgment j : signal.judgments()) {
            out.computeIfAbsent(j.annotator(), a -> new ArrayList<>()).add(j);
        }
        return out;
    }

    /** True when the judgment picked the response shown first (left). */
    static boolean pickedLeft(Judgment j) {
        String order = j.shownOrder() == null ? "ab" : j.shownOrder();
        return j.pick().equals(order.substring(0, 1));
    }
}
