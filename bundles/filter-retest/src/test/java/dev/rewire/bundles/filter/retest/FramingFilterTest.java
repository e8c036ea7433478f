package dev.rewire.bundles.filter.retest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingFilterTest {

    private static PreferencePair signal(String id, String annotator, String underNeutral, String underConcise) {
        List<Judgment> js = new ArrayList<>();
        for (int r = 1; r <= 4; r++) {
            boolean neutral = r % 2 == 1;
            js.add(new Judgment(annotator, neutral ? underNeutral : underConcise, r, r % 2 == 1 ? "ab" : "ba",
                    neutral ? "neutral" : "concise", 5000L));
        }
        return new PreferencePair(id, "p", "q", "long", "short", "chat", js);
    }

    @Test
    void picksThatFollowTheFramingAreConstructed() {
        List<PreferencePair> signals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            signals.add(signal("c" + i, "framed", "a", "b"));
        }
        signals.add(signal("g", "steady", "a", "a"));
        List<FilterEvidence> e = new FramingFilter().assess(signals);
        assertEquals(Verdict.CONSTRUCTED, e.get(0).verdict());
        assertEquals("picks follow the framing: a under neutral, b under concise", e.get(0).reasons().get(0));
        // McNemar on the annotator's 10 discordant items, all one way: (|10 - 0| - 1)^2 / 10
        assertEquals(8.1, e.get(0).metrics().get("mcnemar_chi2"), 1e-12);
        assertEquals(Verdict.GENUINE, e.get(10).verdict());
    }

    @Test
    void mixedPicksWithinAFramingGiveNoFramingEvidence() {
        PreferencePair noisy = new PreferencePair("n", "p", "q", "x", "y", "chat", List.of(
                new Judgment("u", "a", 1, "ab", "neutral", 5000L), new Judgment("u", "b", 2, "ba", "neutral", 5000L),
                new Judgment("u", "a", 3, "ab", "concise", 5000L)));
        assertEquals(List.of(), new FramingFilter().assess(List.of(noisy)));
    }
}
