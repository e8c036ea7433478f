package dev.rewire.bundles.filter.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactFiltersTest {

    private static PairSignal signal(String id, String prompt, String a, String b, Judgment... js) {
        return new PairSignal(new PreferencePair(id, prompt, "q", a, b, "chat", List.of(js)), js[0].annotator(),
                List.of(js));
    }

    private static Judgment j(String annotator, String pick, String order, long ms) {
        return new Judgment(annotator, pick, 1, order, null, ms);
    }

    private static Judgment framed(String annotator, String pick, String order, String framing) {
        return new Judgment(annotator, pick, 1, order, framing, 4000L);
    }

    @Test
    void anAnnotatorWhoAlwaysPicksTheFirstShownIsAnArtifactWithAPrediction() {
        List<PairSignal> signals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String order = i % 2 == 0 ? "ab" : "ba";
            signals.add(signal("p" + i, "x" + i, "A" + i, "B" + i, j("lefty", order.substring(0, 1), order, 4000)));
            signals.add(signal("p" + i, "x" + i, "A" + i, "B" + i, j("fair", "a", order, 4000)));
        }
        List<FilterEvidence> e = new PositionFilter(10, 0.001, 0.05).assess(signals);
        FilterEvidence lefty = e.stream().filter(x -> x.signalId().equals("p1#lefty")).findFirst().orElseThrow();
        assertEquals(Verdict.ARTIFACT, lefty.verdict());
        assertEquals("lefty picked the first-shown response in 100% of 20 choices (chance 50%, p 1.9e-06), "
                + "under every framing", lefty.reasons().get(0));
        assertEquals(List.of("b"), lefty.hypothesis().picks(), "shown ba: the first shown is b");
        assertEquals(2 * Math.pow(0.5, 20), lefty.metrics().get("p_value"), 1e-18);
        FilterEvidence fair = e.stream().filter(x -> x.signalId().equals("p0#fair")).findFirst().orElseThrow();
        assertEquals(Verdict.GENUINE, fair.verdict());
        assertNull(fair.hypothesis());
        assertEquals(0.5, fair.metrics().get("first_shown_share"), 1e-12);
        assertEquals(1.0, fair.metrics().get("p_value"), 1e-12);
    }

    @Test
    void aPullToTheFirstShownUnderOneFramingOnlyIsNoHabit() {
        List<PairSignal> signals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String order = i % 2 == 0 ? "ab" : "ba";
            String first = order.substring(0, 1);
            // Under "hasty" always the first shown; under "neutral" always a, whatever the order.
            signals.add(signal("h" + i, "x" + i, "A", "B", framed("u", first, order, "hasty")));
            signals.add(signal("n" + i, "x" + i, "A", "B", framed("u", "a", order, "neutral")));
        }
        List<FilterEvidence> e = new PositionFilter(10, 0.001, 0.05).assess(signals);
        assertTrue(e.stream().allMatch(x -> x.verdict() == Verdict.GENUINE && x.hypothesis() == null), e.toString());
    }

    @Test
    void speedingAndStraightLining() {
        List<PairSignal> signals = List.of(
                signal("s1", "x", "A", "B", j("fast", "a", "ab", 800), j("fast", "b", "ba", 1200), j("fast", "a", "ab", 900)),
                signal("s2", "x", "A", "B", j("slow", "a", "ab", 5000), j("slow", "a", "ba", 7000)));
        List<FilterEvidence> e = new SpeedFilter(2000, 12).assess(signals);
        assertEquals(Verdict.ARTIFACT, e.get(0).verdict());
        assertEquals("median 900 ms per judgment < 2000 ms floor", e.get(0).reasons().get(0));
        assertEquals(Verdict.GENUINE, e.get(1).verdict());
        List<PairSignal> lined = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lined.add(signal("l" + i, "x", "A", "B", j("liner", "a", "ab", 5000)));
        }
        FilterEvidence last = new SpeedFilter(2000, 12).assess(lined).get(11);
        assertEquals(Verdict.ARTIFACT, last.verdict());
        assertEquals("liner chose the same screen position 12 times in a row", last.reasons().get(0));
    }

    /**
     * Six pairs, each judged twice with positions swapped, and a framing pushing to the first-shown
     * response on the repeat: in file order (pair by pair) the first-shown picks of repeats and of
     * the next pair's first showing run on; in the order seen (round by round, or by timestamp)
     * the first round alternates. Straight-lining is about what the annotator saw in a row.
     */
    @Test
    void straightLiningIsCountedInTheOrderSeenNotTheFileOrder() {
        List<PairSignal> byRound = new ArrayList<>();
        List<PairSignal> byTimestamp = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // round 1 picks the second shown on even pairs and the first shown on odd ones; round 2 always the first shown
            Judgment r1 = new Judgment("u", i % 2 == 0 ? "b" : "a", 1, "ab", null, 5000L);
            Judgment r2 = new Judgment("u", "b", 2, "ba", null, 5000L);
            byRound.add(signal("p" + i, "x", "A", "B", r1, r2));
            byTimestamp.add(signal("p" + i, "x", "A", "B", new Judgment("u", r1.pick(), 1, "ab", null, 5000L, 1000L + i),
                    new Judgment("u", "b", 1, "ba", null, 5000L, 2000L + i)));
        }
        // file order (pair by pair): 2nd 1st 1st 1st 2nd 1st 1st 1st 2nd 1st 1st 1st: at most 3 in a row;
        // seen round by round: 2nd 1st 2nd 1st 2nd 1st, then 1st x6: 7 in a row
        FilterEvidence seen = new SpeedFilter(2000, 7).assess(byRound).get(0);
        assertEquals(7.0, seen.metrics().get("longest_position_run"));
        assertEquals(Verdict.ARTIFACT, seen.verdict());
        assertEquals(7.0, new SpeedFilter(2000, 7).assess(byTimestamp).get(0).metrics().get("longest_position_run"),
                "timestamps order judgments that all say round 1");
        assertEquals(Verdict.ARTIFACT, new SpeedFilter(2000, 7).assess(byTimestamp).get(0).verdict());
    }

    /**
     * Seen in blocks by framing: 10 choices of the second shown under "second-look", then 10 of
     * the first shown under "first-impression" (a constructed annotator), against a habit that
     * keeps the first shown through both blocks. Only a run through a change of framing is
     * straight-lining, as far as it holds on both sides; within one framing the framing may be
     * what pushed.
     */
    @Test
    void aRunWithinOneFramingIsTheFramingsNotStraightLining() {
        List<Judgment> swayed = new ArrayList<>();
        List<Judgment> habit = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String framing = i < 10 ? "second-look" : "first-impression";
            swayed.add(new Judgment("u", i < 10 ? "b" : "a", i < 10 ? 1 : 2, "ab", framing, 5000L));
            habit.add(new Judgment("h", "a", i < 10 ? 1 : 2, "ab", framing, 5000L));
        }
        assertEquals(0, SpeedFilter.longestPositionRun(swayed));
        assertEquals(20, SpeedFilter.longestPositionRun(habit));
        // one slip at the second block's start: the first block's run goes on for one choice only
        swayed.set(10, new Judgment("u", "b", 2, "ab", "first-impression", 5000L));
        assertEquals(2, SpeedFilter.longestPositionRun(swayed));
        List<Judgment> unframed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            unframed.add(new Judgment("x", "a", 1, "ab", null, 5000L));
        }
        assertEquals(12, SpeedFilter.longestPositionRun(unframed), "one framing: every run counts");
    }

    @Test
    void circularTriadsInOneAnnotatorsTournament() {
        List<PairSignal> cycle = List.of(signal("1", "x", "A", "B", j("u", "a", "ab", 5000)),
                signal("2", "x", "B", "C", j("u", "a", "ab", 5000)), signal("3", "x", "C", "A", j("u", "a", "ab", 5000)));
        List<FilterEvidence> e = new TransitivityFilter().assess(cycle);
        assertEquals(3, e.size());
        assertTrue(e.stream().allMatch(x -> x.verdict() == Verdict.NON_ATTITUDE));
        assertEquals(1.0, e.get(0).metrics().get("circular_triads"));
        List<PairSignal> order = List.of(signal("1", "x", "A", "B", j("u", "a", "ab", 5000)),
                signal("2", "x", "B", "C", j("u", "a", "ab", 5000)), signal("3", "x", "C", "A", j("u", "b", "ab", 5000)));
        assertTrue(new TransitivityFilter().assess(order).stream().allMatch(x -> x.verdict() == Verdict.GENUINE));
    }

    @org.junit.jupiter.api.Test
    void wholeMillisecondsReadAsTheFormatWritesThem() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 20000; i++) {
            double ms = switch (i % 4) {
                case 0 -> random.nextInt(100000);
                case 1 -> random.nextInt(100000) + 0.5;
                case 2 -> random.nextDouble() * 100000;
                default -> (random.nextInt(1000) + random.nextInt(1000)) / 2.0;
            };
            org.junit.jupiter.api.Assertions.assertEquals(String.format(java.util.Locale.ROOT, "%.0f", ms),
                    SpeedFilter.wholeMs(ms), Double.toString(ms));
        }
        org.junit.jupiter.api.Assertions.assertEquals("NaN", SpeedFilter.wholeMs(Double.NaN));
    }
}
