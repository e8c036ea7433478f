package dev.rewire.runtime.engine.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The design report's numbers and its per-type answers, word for word, on designs built by hand:
 * the text is what a user reads before any verdict, so a change to it is a change of output.
 */
class DesignReportTest {

    /** One judgment per signal per round, by the given annotators, each judging every pair. */
    private static DesignReport report(int pairs, List<String> annotators, int rounds, boolean shownOrder,
                                       String... framings) {
        List<PreferencePair> all = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            List<Judgment> js = new ArrayList<>();
            for (String annotator : annotators) {
                for (int r = 1; r <= rounds; r++) {
                    String framing = framings.length == 0 ? null : framings[(p + r) % framings.length];
                    js.add(new Judgment(annotator, p % 3 == 0 ? "b" : "a", r, shownOrder ? (r % 2 == 0 ? "ab" : "ba") : null,
                            framing, null));
                }
            }
            all.add(PreferencePair.builder("pair-" + p, "prompt-" + p).judgments(js).build());
        }
        List<PairSignal> signals = Signals.of(all);
        Coding coding = new Coding(signals, Map.of());
        Map<PreferencePair, Integer> pairIndex = new IdentityHashMap<>();
        all.forEach(p -> pairIndex.put(p, pairIndex.size()));
        List<TypeModel.Signal> coded = new ArrayList<>();
        for (PairSignal s : signals) {
            coded.add(coding.code(s, pairIndex.get(s.pair()), annotators.indexOf(s.annotator())));
        }
        TypeModel.Fit fit = TypeModel.fit(coded, all.size(), annotators.size(), coding.framings().size(),
                coding.cues().size());
        return DesignReport.of(signals, coding, fit, annotators);
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void oneChoiceWithNothingToCompareIdentifiesNothing() {
        DesignReport report = report(12, List.of("u1"), 1, false);
        assertEquals(lines(
                "design: 12 signals of 1 annotators on 12 pairs; median 1 choices a signal, 0% of pairs co-annotated, "
                        + "median 12 items an annotator; framings [(none)]",
                "  GENUINE       identifiable: no     0% of signals are repeated and 0% of pairs co-annotated: one "
                        + "choice with nothing to compare predicts a held preference and a coin equally well",
                "  NON_ATTITUDE  identifiable: no     as GENUINE: a coin's single choice looks like a preference",
                "  CONSTRUCTED   identifiable: no     one framing ((none)): nothing to contrast, so a "
                        + "framing-dependent pick does not show",
                "  ARTIFACT      identifiable: no     0% of judgments timed (speeding), 0% with the shown order "
                        + "(position habits), straight-lining counted in the order seen (rounds)"), report.text());
        assertFalse(report.identifies("GENUINE"));
        assertEquals(0, report.numbers().get("annotators_with_no_opinion_on_some_items"));
    }

    @Test
    void repeatsAndCoAnnotatorsWithTwoFramingsButNoCue() {
        DesignReport report = report(12, List.of("u1", "u2"), 2, true, "concise", "neutral");
        assertEquals(lines(
                "design: 24 signals of 2 annotators on 12 pairs; median 2 choices a signal, 100% of pairs co-annotated, "
                        + "median 12 items an annotator; framings [concise, neutral]",
                "  GENUINE       identifiable: yes    100% of signals repeated, 100% of pairs co-annotated, a median of "
                        + "12 items per annotator",
                "  NON_ATTITUDE  identifiable: yes    0% of signals with four or more choices, 100% of pairs "
                        + "co-annotated: slips are told from non-attitudes item by item",
                "  CONSTRUCTED   identifiable: no     no filter offers a cue a framing could act on",
                "  ARTIFACT      identifiable: partly 0% of judgments timed (speeding), 100% with the shown order "
                        + "(position habits), straight-lining counted in the order seen (rounds)"), report.text());
        assertEquals(1.0, report.numbers().get("share_of_annotators_with_two_framings"));
    }

    @Test
    void fewItemsLeaveEachAnnotatorsTypeUncertain() {
        DesignReport report = report(6, List.of("u1", "u2", "u3"), 2, false);
        assertEquals("partly", report.types().get("GENUINE").get("identifiable"));
        assertEquals("a median of 6 items per annotator (under 10) leaves each annotator's own type uncertain",
                report.types().get("NON_ATTITUDE").get("why"));
    }
}
