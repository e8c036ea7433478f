package dev.rewire.framework.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pre-check never rules out a text that a {@code (?i)} regex of the same literal matches. */
class AsciiCaseTest {

    @Test
    void agreesWithTheRegexOnEveryCharacterAtEveryPlace() {
        String word = "answer is";
        Matcher regex = Pattern.compile("(?i)" + Pattern.quote(word)).matcher("");
        for (int k = 0; k < word.length(); k++) {
            for (char c = 0; c < Character.MAX_VALUE; c++) {
                String text = "x" + word.substring(0, k) + c + word.substring(k + 1) + "y";
                assertEquals(regex.reset(text).find(), AsciiCase.contains(text, word), "U+" + Integer.toHexString(c) + " at " + k);
            }
        }
    }

    @Test
    void findsTheWordAnywhere() {
        assertTrue(AsciiCase.contains("So The Final ANSWER Is 12", "answer is"));
        assertTrue(AsciiCase.contains("answer", "answer"));
        assertFalse(AsciiCase.contains("answe", "answer"));
        assertFalse(AsciiCase.contains("", "answer"));
        assertFalse(AsciiCase.contains("\\boxed{998}", "answer"));
    }
}
