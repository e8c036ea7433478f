package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void controlCharactersAreEscapedSoAnIdCannotForgeALineOrAnEscapeSequence() {
        assertEquals("x\\u001b[31mRED\\nrejected line 1: forged\\t\\r\\u0085",
                TerminalText.shown("x\u001b[31mRED\nrejected line 1: forged\t\r\u0085"));
        assertEquals("plain-id é 😀", TerminalText.shown("plain-id é 😀"));
    }

    @Test
    void aLongIdIsCutSayingItsLength() {
        assertEquals("H".repeat(60) + "... (100000 characters)", TerminalText.shown("H".repeat(100_000)));
        assertEquals("H".repeat(60), TerminalText.shown("H".repeat(60)), "60 characters are shown whole");
        // never half of a surrogate pair
        assertEquals("H".repeat(59) + "... (62 characters)", TerminalText.shown("H".repeat(59) + "😀xx"));
    }
}
