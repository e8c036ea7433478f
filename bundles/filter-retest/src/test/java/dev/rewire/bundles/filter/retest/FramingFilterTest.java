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

    private static final FramingFilter FILTER = new FramingFilter(0.001, "");

    /** Response a has 3 words, b has 1: b is the shorter. */
    private static PairSignal signal(String id, String annotator, String[] picks, String[] framings, String[] orders) {
        List<Judgment> js = new ArrayList<>();
        for (int r = 0; r < picks.length; r++) {
            js.add(new Judgment(annotator, picks[r], r + 1, orders[r], framings[r], 5000L));
        }
        return new PairSignal(new PreferencePair(id, "p", "q", "one two three", "one", "chat", js), annotator, js);
    }

    private static final String[] FRAMINGS = {"neutral", "concise", "neutral", "concise"};
    private static final String[] ORDERS = {"ab", "ab", "ba", "ba"};

    /**
     * 20 stable signals (half prefer the longer a, half the shorter b), 10 of an annotator who
     * picks the longer a under the neutral framing and the shorter b under the concise one, and 10
     * where that annotator prefers the shorter anyway.
     */
    private static List<PairSignal> lengthDesign() {
        List<PairSignal> signals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String pick = i % 2 == 0 ? "a" : "b";
            signals.add(signal("g" + i, "steady", new String[] {pick, pick, pick, pick}, FRAMINGS, ORDERS));
        }
        for (int i = 0; i < 10; i++) {
            signals.add(signal("c" + i, "swayed", new String[] {"a", "b", "a", "b"}, FRAMINGS, ORDERS));
            signals.add(signal("d" + i, "swayed", new String[] {"b", "b", "b", "b"}, FRAMINGS, ORDERS));
        }
        return signals;
    }

    @Test
    void aFramingThatMovesPicksToTheShorterResponseIsFoundAndPredicted() {
        List<FilterEvidence> evidence = FILTER.assess(lengthDesign());
        assertEquals(40, evidence.size());
        FilterEvidence swayed = evidence.stream().filter(e -> e.signalId().equals("c0#swayed")).findFirst().orElseThrow();
        assertEquals(Verdict.CONSTRUCTED, swayed.verdict());
        assertEquals(Verdict.CONSTRUCTED, swayed.hypothesis().type());
        assertEquals(Arrays.asList(null, "b", null, "b"), swayed.hypothesis().picks());
        // 20 moves towards the shorter response, none away: McNemar exact p = 0.5^20.
        assertEquals(20.0, swayed.metrics().get("annotator_mcnemar_b"));
        assertEquals(0.0, swayed.metrics().get("annotator_mcnemar_c"));
        assertEquals(Math.pow(0.5, 20), swayed.metrics().get("annotator_mcnemar_p"), 1e-15);
        assertEquals("framing concise pushes picks to the shorter response (75% vs 50% under neutral, p 9.5e-07)",
                swayed.reasons().get(0));
        FilterEvidence steady = evidence.stream().filter(e -> e.signalId().equals("g0#steady")).findFirst().orElseThrow();
        assertEquals(Verdict.GENUINE, steady.verdict(), "the framing did not move it");
        assertEquals(0.0, steady.metrics().get("annotator_mcnemar_b"));
        FilterEvidence unmoved = evidence.stream().filter(e -> e.signalId().equals("d0#swayed")).findFirst().orElseThrow();
        assertEquals(Verdict.GENUINE, unmoved.verdict(), "the framing pushes to the side it already held");
        assertEquals(Arrays.asList(null, "b", null, "b"), unmoved.hypothesis().picks());
    }

    @Test
    void aFramingThatMovesPicksToTheFirstShownResponseIsOrientedToPosition() {
        List<PairSignal> signals = new ArrayList<>();
        String[] orders = {"ab", "ba", "ba", "ab"};
        for (int i = 0; i < 20; i++) {
            signals.add(signal("g" + i, "steady", new String[] {"a", "a", "a", "a"}, FRAMINGS, orders));
        }
        for (int i = 0; i < 16; i++) {
            // Under "concise" (a gut-feeling framing here) the first-shown: b in round 2, a in round 4;
            // half hold a otherwise and half b, so the moves go to the shorter and the longer alike.
            signals.add(signal("c" + i, "hasty", i % 2 == 0 ? new String[] {"a", "b", "a", "a"}
                    : new String[] {"b", "b", "b", "a"}, FRAMINGS, orders));
        }
        FilterEvidence hasty = FILTER.assess(signals).stream().filter(e -> e.signalId().equals("c0#hasty")).findFirst()
                .orElseThrow();
        assertEquals(Arrays.asList(null, "b", null, "a"), hasty.hypothesis().picks());
        assertTrue(hasty.reasons().get(0).startsWith("framing concise pushes picks to the first-shown response"),
                hasty.reasons().get(0));
    }

    @Test
    void withOneFramingOrNoEffectThereIsNothingToSay() {
        List<PairSignal> unframed = new ArrayList<>();
        String[] none = {null, null, null, null};
        for (int i = 0; i < 10; i++) {
            unframed.add(signal("u" + i, "x", new String[] {"a", "b", "a", "b"}, none, ORDERS));
        }
        assertTrue(FILTER.assess(unframed).isEmpty());
        List<PairSignal> steady = lengthDesign().subList(0, 20);
        assertTrue(FILTER.assess(steady).isEmpty(), "no framing effect, no hypothesis");
        // Named, the baseline is taken as given: the same flips now read as neutral pushing to the longer.
        FilterEvidence reversed = new FramingFilter(0.001, "concise").assess(lengthDesign()).stream()
                .filter(e -> e.signalId().equals("c0#swayed")).findFirst().orElseThrow();
        assertEquals(Arrays.asList("a", null, "a", null), reversed.hypothesis().picks());
    }

    @Test
    void samplesAreNotPairsAndGetNoFramingEvidence() {
        List<Judgment> js = List.of(new Judgment("u", "approve", 1, null, "neutral", 1L),
                new Judgment("u", "reject", 2, null, "concise", 1L));
        assertTrue(FILTER.assess(List.of(TestSamples.chat("s").judgments(js).build())).isEmpty());
        assertNull(new FilterEvidence("s", "f", Verdict.GENUINE, List.of(), java.util.Map.of()).hypothesis());
    }
}
