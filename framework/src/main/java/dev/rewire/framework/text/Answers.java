package dev.rewire.framework.text;

import dev.rewire.framework.internal.AsciiCase;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Rewire reads a final answer out of a completion and compares it with a reference.
 * Stateless and thread safe; used by every term and check that needs correctness, so that they
 * all agree on what "correct" means.
 */
public final class Answers {

    private static final Pattern ANSWER_IS = Pattern.compile(
            "(?i)the (?:final )?answer is[:\\s]*\\s*(.+?)\\s*(?:$|\\n|\\.(?:\\s|$))");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern FRACTION = Pattern.compile("([+-]?\\d+)\\s*/\\s*(\\d+)");
    private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    // compiled once: String.replaceAll compiles its pattern on every call
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final Pattern DOLLARS_AT_ENDS = Pattern.compile("^\\$+|\\$+$");

    private Answers() {
    }

    /**
     * The final answer: the last {@code <answer>} tag, else the last {@code \boxed{...}} (nested
     * braces kept), else the last "the answer is X"; null when the completion states none.
     */
    public static String extract(String completion) {
        if (completion == null) {
            return null;
        }
        String tagged = RlcrFormat.lastTag(completion, "answer");
        if (tagged != null) {
            // "<answer>The sum is $\\boxed{38}$.</answer>": the boxed value is the answer the tag holds
            String boxedInside = lastBoxed(tagged);
            return (boxedInside != null ? boxedInside : tagged).trim();
        }
        String boxed = lastBoxed(completion);
        if (boxed != null) {
            return boxed.trim();
        }
        if (!AsciiCase.contains(completion, "answer is")) {
            return null; // the statement's words: without them, the regex would be tried at every position for nothing
        }
        Matcher m = ANSWER_IS.matcher(completion);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null ? null : last.trim();
    }

    private static String lastBoxed(String text) {
        int start = text.lastIndexOf("\\boxed{");
        while (start >= 0) {
            int open = start + "\\boxed{".length();
            int depth = 1;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return text.substring(open, i);
                }
            }
            start = start == 0 ? -1 : text.lastIndexOf("\\boxed{", start - 1);
        }
        return null;
    }

    /**
     * SQuAD-style normalization: Unicode NFKC, unicode minus to '-', lower case, punctuation
     * removed, articles removed, whitespace collapsed.
     */
    public static String normalize(String answer) {
        String s = Normalizer.normalize(answer, Normalizer.Form.NFKC).replace('\u2212', '-').toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            boolean punctuation = type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                    || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                    || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                    || type == Character.OTHER_PUNCTUATION || type == Character.MATH_SYMBOL
                    || type == Character.CURRENCY_SYMBOL || type == Character.MODIFIER_SYMBOL;
            kept.append(punctuation ? ' ' : c);
        }
        String noArticles = ARTICLES.matcher(kept).replaceAll(" ");
        return WHITESPACE_RUN.matcher(noArticles.trim()).replaceAll(" ");
    }

    /**
     * The answer as a number when it is one: an integer, a decimal, a simple fraction {@code a/b},
     * with thousands separators, a leading sign (unicode minus too), a trailing period or a
     * surrounding {@code $...$}; NaN otherwise.
     */
    public static double numericValue(String answer) {
        if (isPlainDecimal(answer)) {
            // the common case, read without normalizing or matching: the full path would find the same
            return Double.parseDouble(answer);
        }
        String s = Normalizer.normalize(answer, Normalizer.Form.NFKC).replace('\u2212', '-').trim();
        if (!hasDigit(s)) {
            // every reading below needs a digit, and no rewrite makes one: words ("Paris") skip four regexes
            return Double.NaN;
        }
        s = DOLLARS_AT_ENDS.matcher(s).replaceAll("").trim();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        if (s.startsWith("\\frac{") || s.startsWith("-\\frac{")) {
            s = s.replaceFirst("\\\\frac\\{([^{}]+)\\}\\{([^{}]+)\\}", "$1/$2").trim();
        }
        if (GROUPED.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        if (NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        Matcher f = FRACTION.matcher(s);
        if (f.matches()) {
            double den = Double.parseDouble(f.group(2));
            return den == 0 ? Double.NaN : Double.parseDouble(f.group(1)) / den;
        }
        return Double.NaN;
    }

    /**
     * True when the text is exactly a plain ASCII decimal, {@link #NUMBER}'s grammar
     * ({@code [+-]?(\d+(\.\d*)?|\.\d+)}) with nothing around it: NFKC, trimming and every rewrite
     * of {@link #numericValue} leave such text as it is.
     */
    private static boolean isPlainDecimal(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        int before = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            before++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            int after = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                after++;
            }
            // "5." too: the full path strips the period, parseDouble reads it as 5 all the same
            return i == n && (before > 0 || after > 0);
        }
        return i == n && before > 0;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The key under which equivalent answers are counted together (e.g. in a majority vote): the
     * number when the answer is numeric (so "1,000", "1000.0" and "1000" agree), else the
     * normalized text; null for a null answer.
     */
    public static String canonical(String answer) {
        if (answer == null) {
            return null;
        }
        double v = numericValue(answer);
        if (!Double.isNaN(v)) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        return normalize(answer);
    }

    /**
     * True when the answer matches the reference: numerically (relative tolerance 1e-9) when both
     * are numbers, else as normalized strings.
     */
    public static boolean matches(String answer, String reference) {
        if (answer == null || reference == null) {
            return false;
        }
        double a = numericValue(answer);
        double r = numericValue(reference);
        if (!Double.isNaN(a) && !Double.isNaN(r)) {
            return Math.abs(a - r) <= 1e-9 * Math.max(1.0, Math.abs(r));
        }
        return normalize(answer).equals(normalize(reference));
    }
}
