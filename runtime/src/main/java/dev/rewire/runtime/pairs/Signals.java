package dev.rewire.runtime.pairs;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits pairs into signals: one annotator's judgments of one pair, the unit that is classified
 * (one annotator may hold a genuine preference on a pair where another holds none). A signal is a
 * {@link PreferencePair} with that annotator's judgments only and the id {@code pair#annotator}.
 */
final class Signals {

    static final String SEPARATOR = "#";

    private Signals() {
    }

    static List<PreferencePair> of(List<PreferencePair> pairs) {
        List<PreferencePair> signals = new ArrayList<>();
        for (PreferencePair p : pairs) {
            Map<String, List<Judgment>> byAnnotator = new LinkedHashMap<>();
            p.judgments().forEach(j -> byAnnotator.computeIfAbsent(j.annotator(), a -> new ArrayList<>()).add(j));
            byAnnotator.forEach((annotator, js) -> signals.add(new PreferencePair(p.id() + SEPARATOR + annotator,
                    p.promptId(), p.prompt(), p.a(), p.b(), p.domain(), js)));
        }
        return signals;
    }
}
