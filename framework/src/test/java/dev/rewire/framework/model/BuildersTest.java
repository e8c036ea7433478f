package dev.rewire.framework.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildersTest {

    @Test
    void aSampleBuiltWithOnlyItsIdsHasTheDocumentedDefaults() {
        Sample s = Sample.builder("s", "p").build();
        assertEquals(new Sample("s", "p", "unknown", "unknown", "", "", null, null, null, null, null, null, List.of(),
                Map.of(), null), s);
        assertEquals(List.of(), s.judgments());
        assertNull(s.reference());
    }

    @Test
    void everyFieldSetIsTheFieldReadAndToBuilderCopiesThemAll() {
        Judgment j = Judgment.builder("ann", Judgment.APPROVE).round(2).shownOrder("ba").framing("concise")
                .timeMs(900L).build();
        assertEquals(new Judgment("ann", "approve", 2, "ba", "concise", 900L), j);
        Sample s = Sample.builder("s", "p").domain("qa").source("human").prompt("q?").completion("<answer>x</answer>")
                .completionTokens(3).reference("x").confidence(0.4).answerTokenProbs(List.of(new double[] {0.9, 0.1}))
                .rmScore(1.5).approved(true).judgments(List.of(j)).fields(Map.of("data_source", "gsm8k")).step(7L)
                .build();
        assertEquals(s, s.toBuilder().build());
        assertEquals("gsm8k", s.fields().get("data_source"));
        assertEquals(7L, s.step());
        assertEquals(3, s.length());
        assertEquals(Sample.builder("s", "p").domain("math").build(),
                Sample.builder("s", "p").domain("qa").build().toBuilder().domain("math").build());
    }

    @Test
    void aPairBuilderAndTheRequiredFields() {
        PreferencePair pair = PreferencePair.builder("pr", "p").prompt("q").a("A").b("B").domain("chat")
                .judgments(List.of(Judgment.builder("u", "a").build())).build();
        assertEquals(new PreferencePair("pr", "p", "q", "A", "B", "chat", List.of(new Judgment("u", "a", 1, null, null,
                null))), pair);
        assertThrows(NullPointerException.class, () -> Sample.builder(null, "p"));
        assertThrows(IllegalArgumentException.class, () -> Judgment.builder("u", null).build());
    }
}
