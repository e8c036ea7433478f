package dev.rewire.bundles.terms.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class RmScoreTermTest {

    private static Sample s(String domain, Double score) {
        return TestSamples.shape("s", "p", domain, "t").rmScore(score).build();
    }

    @Test
    void carriesTheScoreOrAbstains() {
        List<TermResult> r = new RmScoreTerm(false, 1e-6).evaluate(new Group("p", List.of(s("chat", 2.5), s("chat", null))));
        assertEquals(2.5, r.get(0).value());
        assertEquals("no rm_score", r.get(1).reason());
    }

    @Test
    void standardizesPerDomainWithRunningStatistics() {
        RmScoreTerm term = new RmScoreTerm(true, 0.0);
        List<TermResult> first = term.evaluate(new Group("p", List.of(s("chat", 1.0), s("chat", 3.0), s("math", 10.0))));
        assertEquals(-1.0, first.get(0).value(), 1e-12);
        assertEquals(1.0, first.get(1).value(), 1e-12);
        assertEquals(0.0, first.get(2).value(), 0.0, "one math score: no spread yet");
        List<TermResult> second = term.evaluate(new Group("q", List.of(s("chat", 5.0))));
        double mean = 3.0;
        double std = Math.sqrt((4.0 + 0.0 + 4.0) / 3);
        assertEquals((5.0 - mean) / std, second.get(0).value(), 1e-12);
        assertEquals(mean, second.get(0).diagnostics().get("domain_mean"), 1e-12);
    }
}
