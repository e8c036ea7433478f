package dev.rewire.bundles.filter.retest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.testkit.TestSamples;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestRetestFilterTest {

    private static TestRetestFilter filter(double minStability) {
        TestRetestFilter f = new TestRetestFilter();
        f.configure(new TestRetestFilter.Config() {
            @Override public double min__stability() { return minStability; }
            @Override public Class<? extends Annotation> annotationType() { return TestRetestFilter.Config.class; }
        });
        return f;
    }

    private static Sample sample(String id, Judgment... judgments) {
        return TestSamples.chat(id).judgments(List.of(judgments)).build();
    }

    @Test
    void anAnnotatorWhoFlipsMakesANonAttitude() {
        Sample s = sample("s1", new Judgment("a", "approve", 1, null, null, null),
                new Judgment("b", "approve", 1, null, null, null), new Judgment("a", "reject", 2, null, null, null),
                new Judgment("b", "approve", 2, null, null, null));
        FilterEvidence e = filter(0.75).assess(List.of(s)).get(0);
        assertEquals(Verdict.NON_ATTITUDE, e.verdict());
        assertEquals(0.5, e.metrics().get("stability"));
        assertEquals(2.0, e.metrics().get("repeated_annotators"));
        assertEquals("test-retest stability 0.50 < 0.75 (1 of 2 repeated annotators flipped)", e.reasons().get(0));
        assertEquals("a picked approve in round 1 and reject in round 2", e.reasons().get(1));
        assertEquals(Verdict.GENUINE, filter(0.5).assess(List.of(s)).get(0).verdict());
    }

    @Test
    void skipsAndSingleJudgmentsGiveNoEvidence() {
        Sample s = sample("s1", new Judgment("a", "approve", 1, null, null, null),
                new Judgment("a", "skip", 2, null, null, null), new Judgment("b", "reject", 1, null, null, null));
        assertTrue(filter(0.75).assess(List.of(s)).isEmpty());
    }

    /** The golden session: one annotator, 8 pairs judged twice, positions swapped; agreement 0.75. */
    @Test
    void agreesWithTheGoldenTestRetestVector() throws Exception {
        JsonNode v;
        try (InputStream in = getClass().getResourceAsStream("/golden/agreement.json")) {
            v = new ObjectMapper().readTree(in).get("test_retest");
        }
        String first = v.get("session1").asText();
        String second = v.get("session2").asText();
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < first.length(); i++) {
            pairs.add(new PreferencePair("pair" + i, "p" + i, "q", "x", "y", "chat", List.of(
                    new Judgment("ann", first.substring(i, i + 1).toLowerCase(), 1, "ab", null, null),
                    new Judgment("ann", second.substring(i, i + 1).toLowerCase(), 2, "ba", null, null))));
        }
        List<FilterEvidence> evidence = filter(0.75).assess(pairs);
        assertEquals(first.length(), evidence.size());
        long stable = evidence.stream().filter(e -> e.verdict() == Verdict.GENUINE).count();
        assertEquals(v.get("agreement").asDouble(), (double) stable / pairs.size(), 1e-9);
    }
}
