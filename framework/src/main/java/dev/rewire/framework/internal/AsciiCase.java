package dev.rewire.framework.internal;

/**
 * Case-insensitive search as a {@code (?i)} regex sees case: ASCII letters only (without
 * {@code UNICODE_CASE}, {@code İ} is not {@code i}). A text without a pattern's literal, so
 * searched, cannot match the pattern: the regex is skipped on the many texts that could never match
 * it. Not exported to bundles. Stateless and thread safe.
 */
public final class AsciiCase {

    private AsciiCase() {
    }

    /**
     * True when {@code text} holds {@code lowerNeedle} with any of its ASCII letters in either case.
     *
     * @param lowerNeedle ASCII, its letters lower case
     */
    public static boolean contains(String text, String lowerNeedle) {
        int n = lowerNeedle.length();
        char first = lowerNeedle.charAt(0);
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            if (lower(text.charAt(i)) == first && matchesAt(text, i, lowerNeedle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(String text, int at, String lowerNeedle) {
        for (int k = 1; k < lowerNeedle.length(); k++) {
            if (lower(text.charAt(at + k)) != lowerNeedle.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
