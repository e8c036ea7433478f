package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits pairs into signals: one per annotator of each pair, in input order. */
final class Signals {

    private Signals() {
    }

    static List<PairSignal> of(List<PreferencePair> pairs) {
        List<PairSignal> signals = new ArrayList<>();
        for (PreferencePair p : pairs) {
            Map<String, List<Judgment>> byAnnotator = new LinkedHashMap<>();
            p.judgments().forEach(j -> byAnnotator.computeIfAbsent(j.annotator(), a -> new ArrayList<>()).add(j));
            byAnnotator.forEach((annotator, js) -> signals.add(new PairSignal(p, annotator, js)));
        }
        return signals;
    }
}
