package dev.rewire.bundles.filter.retest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.testkit.TestSamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingFilterTest {

    private static final FramingFilter FILTER = new FramingFilter(0.001);

    /** Response a has 3 words, b has 1: b is the shorter. */
    private static PairSignal signal(String id, String annotator, String[] picks, String[] framings, String[] orders) {
        List<Judgment> js = new ArrayList<>();
        for (int r = 0; r < picks.length; r++) {
            js.add(new Judgment(annotator, picks[r], r + 1, orders[r], framings[r], 5000L));
        }
        return new PairSignal(new PreferencePair(id, "p", "q", "one two three", "one", "chat", js), annotator, js);
    }

    /** No neutral framing: "detailed" and "concise" both push. */
    private static final String[] FRAMINGS = {"detailed", "concise"};
    private static final String[] ORDERS = {"ab", "ba"};

    /**
     * 20 stable signals (half prefer the longer a, half the shorter b) and 20 of an annotator who
     * picks the longer a under "detailed" and the shorter b under "concise".
     */
    private static List<PairSignal> lengthDesign() {
        List<PairSignal> signals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String pick = i % 2 == 0 ? "a" : "b";
            signals.add(signal("g" + i, "steady", new String[] {pick, pick}, FRAMINGS, ORDERS));
            signals.add(signal("c" + i, "swayed", new String[] {"a", "b"}, FRAMINGS, ORDERS));
        }
        return signals;
    }

    private static List<FilterEvidence> of(List<FilterEvidence> evidence, String signal) {
        return evidence.stream().filter(e -> e.signalId().equals(signal)).toList();
    }

    /** Every signal gets the cues a framing can act on, named; none is taken as the neutral one. */
    @Test
    void everySignalGetsTheCuesAFramingCanActOn() {
        List<FilterEvidence> evidence = FILTER.assess(lengthDesign());
        List<FilterEvidence> swayed = of(evidence, "c0#swayed");
        assertEquals(2, swayed.size(), "one evidence per cue");
        assertEquals("shorter", swayed.get(0).hypothesis().cue());
        assertEquals(Verdict.CONSTRUCTED, swayed.get(0).hypothesis().type());
        assertEquals(Arrays.asList("b", "b"), swayed.get(0).hypothesis().picks(), "b is the shorter, whatever the order");
        assertEquals("first-shown", swayed.get(1).hypothesis().cue());
        assertEquals(Arrays.asList("a", "b"), swayed.get(1).hypothesis().picks(), "shown ab, then ba");
        assertTrue(swayed.get(1).reasons().isEmpty(), "the reasons go with the first cue only");
        List<FilterEvidence> steady = of(evidence, "g0#steady");
        assertEquals(2, steady.size());
        assertEquals(Arrays.asList("b", "b"), steady.get(0).hypothesis().picks(), "cues are offered to everyone");
    }

    /**
     * Between "concise" and "detailed" the swayed annotator's pick moved with the length every
     * time (20 of 20, two-sided p 2 * 0.5^20), and their shares differ by 100 points: evidence of
     * a framing-dependent pick. The steady annotator's pick never moved.
     */
    @Test
    void anAnnotatorWhosePickFollowsEachFramingIsReportedWithTheNumbers() {
        List<FilterEvidence> evidence = FILTER.assess(lengthDesign());
        FilterEvidence swayed = of(evidence, "c0#swayed").get(0);
        assertEquals(Verdict.CONSTRUCTED, swayed.verdict());
        assertEquals("swayed's picks by framing: concise: shorter 100% of 20, first-shown 100% of 20; "
                + "detailed: shorter 0% of 20, first-shown 100% of 20", swayed.reasons().get(0));
        assertEquals(0.0, swayed.metrics().get("moved_with_shorter"));
        assertEquals(20.0, swayed.metrics().get("moved_against_shorter"));
        assertEquals(2 * Math.pow(0.5, 20), swayed.metrics().get("annotator_framing_p"), 1e-15);
        FilterEvidence steady = of(evidence, "g0#steady").get(0);
        assertEquals(Verdict.GENUINE, steady.verdict());
        assertEquals(1.0, steady.metrics().get("annotator_framing_p"));
    }

    /** A habit follows its cue under every framing: the shares do not differ, so it is no framing effect. */
    @Test
    void aPositionHabitIsNotAFramingEffect() {
        List<PairSignal> signals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            signals.add(signal("h" + i, "lefty", new String[] {"a", "b"}, FRAMINGS, ORDERS));
            signals.add(signal("k" + i, "lefty", new String[] {"b", "a"}, FRAMINGS, new String[] {"ba", "ab"}));
        }
        FilterEvidence habit = of(FILTER.assess(signals), "h0#lefty").get(0);
        assertEquals(Verdict.GENUINE, habit.verdict(), habit.reasons().toString());
    }

    @Test
    void withOneFramingThereIsNothingToContrast() {
        List<PairSignal> unframed = new ArrayList<>();
        String[] none = {null, null};
        for (int i = 0; i < 10; i++) {
            unframed.add(signal("u" + i, "x", new String[] {"a", "b"}, none, ORDERS));
        }
        assertTrue(FILTER.assess(unframed).isEmpty());
    }

    @Test
    void samplesAreNotPairsAndGetNoFramingEvidence() {
        List<Judgment> js = List.of(new Judgment("u", "approve", 1, null, "neutral", 1L),
                new Judgment("u", "reject", 2, null, "concise", 1L));
        assertTrue(FILTER.assess(List.of(TestSamples.chat("s").judgments(js).build())).isEmpty());
        assertNull(new FilterEvidence("s", "f", Verdict.GENUINE, List.of(), java.util.Map.of()).hypothesis());
    }
}
