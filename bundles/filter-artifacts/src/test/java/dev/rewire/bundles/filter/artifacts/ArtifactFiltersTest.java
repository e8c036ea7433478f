package dev.rewire.bundles.filter.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactFiltersTest {

    private static PreferencePair pair(String id, String prompt, String a, String b, Judgment... js) {
        return new PreferencePair(id, prompt, "q", a, b, "chat", List.of(js));
    }

    private static Judgment j(String annotator, String pick, String order, long ms) {
        return new Judgment(annotator, pick, 1, order, null, ms);
    }

    @Test
    void anAnnotatorWhoAlwaysPicksTheFirstShownIsAnArtifact() {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String order = i % 2 == 0 ? "ab" : "ba";
            pairs.add(pair("p" + i + "#lefty", "x" + i, "A" + i, "B" + i, j("lefty", order.substring(0, 1), order, 4000)));
            pairs.add(pair("p" + i + "#fair", "x" + i, "A" + i, "B" + i, j("fair", "a", order, 4000)));
        }
        List<FilterEvidence> e = new PositionFilter(20, 0.3).assess(pairs);
        FilterEvidence lefty = e.stream().filter(x -> x.signalId().equals("p0#lefty")).findFirst().orElseThrow();
        assertEquals(Verdict.ARTIFACT, lefty.verdict());
        assertEquals("lefty picked the first-shown response in 100% of 20 choices", lefty.reasons().get(0));
        FilterEvidence fair = e.stream().filter(x -> x.signalId().equals("p0#fair")).findFirst().orElseThrow();
        assertEquals(Verdict.GENUINE, fair.verdict());
        assertEquals(0.5, fair.metrics().get("left_share"), 1e-12);
    }

    @Test
    void speedingAndStraightLining() {
        List<PreferencePair> pairs = List.of(
                pair("s1", "x", "A", "B", j("fast", "a", "ab", 800), j("fast", "b", "ba", 1200), j("fast", "a", "ab", 900)),
                pair("s2", "x", "A", "B", j("slow", "a", "ab", 5000), j("slow", "a", "ba", 7000)));
        List<FilterEvidence> e = new SpeedFilter(2000, 12).assess(pairs);
        assertEquals(Verdict.ARTIFACT, e.get(0).verdict());
        assertEquals("median 900 ms per judgment < 2000 ms floor", e.get(0).reasons().get(0));
        assertEquals(Verdict.GENUINE, e.get(1).verdict());
        List<PreferencePair> lined = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lined.add(pair("l" + i, "x", "A", "B", j("liner", "a", "ab", 5000)));
        }
        FilterEvidence last = new SpeedFilter(2000, 12).assess(lined).get(11);
        assertEquals(Verdict.ARTIFACT, last.verdict());
        assertEquals("liner chose the same screen position 12 times in a row", last.reasons().get(0));
    }

    @Test
    void circularTriadsInOneAnnotatorsTournament() {
        List<PreferencePair> cycle = List.of(pair("1", "x", "A", "B", j("u", "a", "ab", 5000)),
                pair("2", "x", "B", "C", j("u", "a", "ab", 5000)), pair("3", "x", "C", "A", j("u", "a", "ab", 5000)));
        List<FilterEvidence> e = new TransitivityFilter().assess(cycle);
        assertEquals(3, e.size());
        assertTrue(e.stream().allMatch(x -> x.verdict() == Verdict.NON_ATTITUDE));
        assertEquals(1.0, e.get(0).metrics().get("circular_triads"));
        List<PreferencePair> order = List.of(pair("1", "x", "A", "B", j("u", "a", "ab", 5000)),
                pair("2", "x", "B", "C", j("u", "a", "ab", 5000)), pair("3", "x", "C", "A", j("u", "b", "ab", 5000)));
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
