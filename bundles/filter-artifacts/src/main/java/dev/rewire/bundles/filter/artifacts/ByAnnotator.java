package dev.rewire.bundles.filter.artifacts;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

    /** Each signal's evidence, in the signals' order; a signal given null gets none. */
    static List<FilterEvidence> perSignal(List<? extends PreferenceSignal> signals,
                                          Function<PreferenceSignal, FilterEvidence> assess) {
        List<FilterEvidence> evidence = new ArrayList<>();
        for (PreferenceSignal s : signals) {
            FilterEvidence e = assess.apply(s);
            if (e != null) {
                evidence.add(e);
            }
        }
        return evidence;
    }

    /**
     * Whether annotators found out gave at least half of a signal's judgments: then the signal
     * mostly measures what they did, and is an artifact; a minority's judgments are named, and the
     * signal stands.
     */
    static boolean mostly(int foundJudgments, PreferenceSignal signal) {
        return foundJudgments > 0 && 2 * foundJudgments >= signal.judgments().size();
    }

    /** The reason a signal stands although some of its annotators were found out. */
    static String minority(int foundJudgments, PreferenceSignal signal, String found) {
        return foundJudgments + " of " + signal.judgments().size() + " judgments by annotators " + found
                + ": most of the signal stands";
    }

    /** True when the judgment picked the response shown first (left). */
    static boolean pickedLeft(Judgment j) {
        String order = j.shownOrder() == null ? "ab" : j.shownOrder();
        return j.pick().equals(order.substring(0, 1));
    }
}
