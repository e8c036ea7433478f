package dev.rewire.bundles.terms.length;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LengthTermsTest {

    private static Sample tokens(int n) {
        return TestSamples.chat("s").completionTokens(n).build();
    }

    @ParameterizedTest(name = "L={0}, Lmax=10, B=4, factor={1}: {2}")
    @CsvSource({"0, 1, 0", "6, 1, 0", "7, 1, -0.25", "8, 1, -0.5", "10, 1, -1", "11, 1, -1", "500, 1, -1",
        "7, 0.5, -0.125", "11, 0.5, -0.5"})
    void dapoOverlongBuffer(int length, double factor, double expected) {
        LengthPenaltyTerm term = new LengthPenaltyTerm(10, 4, factor);
        assertEquals(expected, term.evaluate(tokens(length)).value(), 1e-12);
    }

    @Test
    void wordsStandInWhenThereIsNoTokenCount() {
        Sample s = TestSamples.chat("s").completion(" one two\tthree\nfour  ").build();
        TermResult r = new LengthPenaltyTerm(5, 1, 1).evaluate(s);
        assertEquals(0.0, r.value());
        assertEquals(4.0, r.diagnostics().get("length"));
        assertEquals(Map.of("max_tokens", 4, "buffer", 1, "factor", 1.0), new LengthPenaltyTerm(4, 1, 1).configuration());
        assertThrows(IllegalArgumentException.class, () -> new LengthPenaltyTerm(4, 5, 1));
    }

    private static Group group(int... lengths) {
        List<Sample> samples = new ArrayList<>();
        for (int l : lengths) {
            samples.add(tokens(l));
        }
        return new Group("p", samples);
    }

    @Test
    void verbosityAgainstTheGroupMedian() {
        List<TermResult> r = new VerbosityTerm().evaluate(group(2, 4, 6));
        assertEquals(List.of(0.5, 0.0, -0.5), r.stream().map(TermResult::value).toList());
        List<TermResult> even = new VerbosityTerm().evaluate(group(1, 10, 2, 30));
        assertEquals((6.0 - 1) / 6.0, even.get(0).value(), 1e-12);
        assertEquals(-1.0, even.get(3).value(), 1e-12);
        assertEquals(6.0, even.get(0).diagnostics().get("median_length"));
        assertEquals("median length of the group is 0", new VerbosityTerm().evaluate(group(0, 0, 5)).get(0).reason());
    }

    @Test
    void aLoneSampleHasNoGroupMedianToBeComparedWith() {
        TermResult lone = new VerbosityTerm().evaluate(group(40)).get(0);
        assertTrue(lone.abstained(), "a group of one is its own median: 0 would be no measurement");
        assertEquals("group of 1 sample: no other completion to compare its length with", lone.reason());
    }
}
