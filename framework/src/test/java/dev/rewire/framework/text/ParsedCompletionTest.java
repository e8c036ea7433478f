package dev.rewire.framework.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Sample;
import org.junit.jupiter.api.Test;

class ParsedCompletionTest {

    private static final String RLCR = "<think>t</think><answer>Paris</answer><analysis>a</analysis>"
            + "<confidence>0.8</confidence>";

    @Test
    void wordsAreSeparatedByWhatJavaCallsWhitespace() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            int expected = Character.isWhitespace(c) ? 2 : 1;
            assertEquals(expected, ParsedCompletion.of("a" + c + "b", null, "qa").words(), "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void readsWhatAnswersAndRlcrFormatRead() {
        ParsedCompletion p = ParsedCompletion.of(RLCR, "paris");
        assertEquals(Answers.extract(RLCR), p.answer());
        assertTrue(p.confidenceTagged());
        assertEquals(0.8, p.confidence().value());
        assertTrue(p.matchesReference());
        assertEquals(1, p.words());
    }

    @Test
    void aBrokenConfidenceIsTaggedButNotPresent() {
        ParsedCompletion p = ParsedCompletion.of("<answer>1,000</answer><confidence>very</confidence>", "1000");
        assertTrue(p.confidenceTagged());
        assertFalse(p.confidence().present());
        assertEquals("unparsable confidence \"very\"", p.confidence().problem());
        assertTrue(p.matchesReference(), "numeric match across thousands separators");
    }

    @Test
    void noReferenceNoAnswerNoTag() {
        ParsedCompletion p = ParsedCompletion.of("just  some\twords here", null);
        assertNull(p.answer());
        assertFalse(p.confidenceTagged());
        assertFalse(p.matchesReference());
        assertEquals(4, p.words());
    }

    @Test
    void aSampleReadsItsCompletionOnceAndEqualityIgnoresTheReading() {
        Sample s = Sample.builder("s", "p").domain("qa").source("d").prompt("q")
                .completion(RLCR).reference("Paris").build();
        Sample same = Sample.builder("s", "p").domain("qa").source("d").prompt("q")
                .completion(RLCR).reference("Paris").build();
        assertSame(s.parsed(), s.parsed());
        assertEquals(same, s);
        assertEquals(same.hashCode(), s.hashCode());
        assertNotEquals(Sample.builder("t", "p").domain("qa").source("d").prompt("q")
                .completion(RLCR).reference("Paris").build(), s);
        Observation o = Observation.of(s);
        assertEquals(0.8, o.confidence());
        assertEquals(true, o.correct());
        assertEquals(1, o.length());
    }
}
