package dev.rewire.framework.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermResultTest {

    @Test
    void abstainingIsNanWithAReason() {
        TermResult r = TermResult.abstain("no reference");
        assertTrue(r.abstained());
        assertTrue(Double.isNaN(r.value()));
        assertEquals("no reference", r.reason());
    }

    @Test
    void aNonFiniteValueWithoutReasonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TermResult.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TermResult.of(Double.POSITIVE_INFINITY));
    }

    @Test
    void aSampleTermThatThrowsAbstainsForThatSampleOnly() {
        SampleRewardTerm term = new SampleRewardTerm() {
            @Override
            public String id() {
                return "t";
            }

            @Override
            public TermResult evaluate(Sample s) {
                if (s.id().equals("bad")) {
                    throw new IllegalStateException("boom");
                }
                return TermResult.of(1);
            }
        };
        List<TermResult> results = term.evaluate(new Group("p", List.of(sample("ok"), sample("bad"), sample("ok2"))));
        assertEquals(1.0, results.get(0).value());
        assertEquals("error: IllegalStateException: boom", results.get(1).reason());
        assertEquals(1.0, results.get(2).value());
    }

    private static Sample sample(String id) {
        return Sample.builder(id, "p").domain("d").source("s").prompt("q").completion("c").build();
    }
}
