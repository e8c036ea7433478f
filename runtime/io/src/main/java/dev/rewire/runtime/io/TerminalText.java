package dev.rewire.runtime.io;

import java.util.Locale;

/**
 * A piece of the input (a record's id) as it may be shown on a terminal: control characters
 * escaped as JSON writes them ({@code \n}, {@code \u001b}), so an id can neither forge a line nor
 * send an escape sequence to the terminal; and a long one cut, saying how long it was, so one
 * record cannot flood stderr. Files (the rejects file) keep the text whole. Stateless.
 */
public final class TerminalText {

    /** The characters of an id shown on stderr before it is cut. */
    public static final int SHOWN_CHARACTERS = 60;

    private TerminalText() {
    }

    /** The text with its control characters escaped, cut after {@link #SHOWN_CHARACTERS}. */
    public static String shown(String text) {
        int cut = Math.min(text.length(), SHOWN_CHARACTERS);
        if (cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // never half a character
        }
        StringBuilder out = new StringBuilder(cut + 16);
        for (int i = 0; i < cut; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (cut < text.length()) {
            out.append("... (").append(text.codePointCount(0, text.length())).append(" characters)");
        }
        return out.toString();
    }
}
