package dev.rewire.bench.singlepass;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The yardstick's own copy of how an answer is read out of a completion and compared with a
 * reference, written to the same rules as Rewire's {@code framework/text} (the last
 * {@code <answer>} tag, else the last {@code \boxed{}}, else the last "the answer is X"; numeric
 * comparison with a relative tolerance of 1e-9, else SQuAD normalization), and of the RLCR tag
 * format. Every pattern is compiled once. Depends on nothing of Rewire's.
 */
final class AnswerText {

    private static final Pattern ANSWER_IS = Pattern.compile(
            "(?i)the (?:final )?answer is[:\\s]*\\s*(.+?)\\s*(?:$|\\n|\\.(?:\\s|$))");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern FRACTION = Pattern.compile("([+-]?\\d+)\\s*/\\s*(\\d+)");
    private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final Pattern DOLLARS_AT_ENDS = Pattern.compile("^\\$+|\\$+$");
    private static final Pattern LATEX_FRAC = Pattern.compile("\\\\frac\\{([^{}]+)\\}\\{([^{}]+)\\}");
    private static final Pattern RLCR_SEQUENCE = Pattern.compile(
            "<think>.*?</think>\\s*<answer>.*?</answer>\\s*<analysis>.*?</analysis>\\s*"
                    + "<confidence>[^<]*</confidence>\\s*\\z",
            Pattern.DOTALL);

    static final String ANSWER_OPEN = "<answer>";
    static final String ANSWER_CLOSE = "</answer>";
    static final String CONFIDENCE_OPEN = "<confidence>";
    static final String CONFIDENCE_CLOSE = "</confidence>";
    private static final String BOXED = "\\boxed{";

    private AnswerText() {
    }

    /** The text inside the last complete {@code open ... close}, or null. */
    static String lastTag(String text, String open, String close) {
        int start = text.lastIndexOf(open);
        while (start >= 0) {
            int end = text.indexOf(close, start + open.length());
            if (end >= 0) {
                return text.substring(start + open.length(), end);
            }
            start = start == 0 ? -1 : text.lastIndexOf(open, start - 1);
        }
        return null;
    }

    /** The final answer of a completion, or null when it states none. */
    static String extract(String completion) {
        String tagged = lastTag(completion, ANSWER_OPEN, ANSWER_CLOSE);
        if (tagged != null) {
            String boxedInside = lastBoxed(tagged);
            return (boxedInside != null ? boxedInside : tagged).trim();
        }
        String boxed = lastBoxed(completion);
        if (boxed != null) {
            return boxed.trim();
        }
        if (!containsIgnoreCase(completion, "answer is")) {
            return null; // the pattern needs these words (ASCII case-insensitively); skip the regex
        }
        Matcher m = ANSWER_IS.matcher(completion);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null ? null : last.trim();
    }

    private static boolean containsIgnoreCase(String text, String word) {
        int n = word.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private static String lastBoxed(String text) {
        int start = text.lastIndexOf(BOXED);
        while (start >= 0) {
            int open = start + BOXED.length();
            int depth = 1;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return text.substring(open, i);
                }
            }
            start = start == 0 ? -1 : text.lastIndexOf(BOXED, start - 1);
        }
        return null;
    }

    /** SQuAD-style normalization: NFKC, unicode minus, lower case, punctuation and articles removed, spaces collapsed. */
    static String normalize(String answer) {
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

    /** The answer as a number (integer, decimal, a/b, \frac{a}{b}, grouped thousands, $...$), else NaN. */
    static double numericValue(String answer) {
        String s = Normalizer.normalize(answer, Normalizer.Form.NFKC).replace('\u2212', '-').trim();
        if (s.indexOf('$') >= 0) {
            s = DOLLARS_AT_ENDS.matcher(s).replaceAll("").trim();
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        if (s.startsWith("\\frac{") || s.startsWith("-\\frac{")) {
            s = LATEX_FRAC.matcher(s).replaceFirst("$1/$2").trim();
        }
        if (s.indexOf(',') >= 0 && GROUPED.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        if (NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (s.indexOf('/') >= 0) {
            Matcher f = FRACTION.matcher(s);
            if (f.matches()) {
                double den = Double.parseDouble(f.group(2));
                return den == 0 ? Double.NaN : Double.parseDouble(f.group(1)) / den;
            }
        }
        return Double.NaN;
    }

    /** The key equivalent answers share in a vote: the number when numeric, else the normalized text. */
    static String canonical(String answer) {
        if (answer == null) {
            return null;
        }
        double v = numericValue(answer);
        if (!Double.isNaN(v)) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        return normalize(answer);
    }

    /** Numerically equal (relative 1e-9) when both are numbers, else equal after normalization. */
    static boolean matches(String answer, String reference, double referenceValue) {
        if (answer == null) {
            return false;
        }
        double a = numericValue(answer);
        if (!Double.isNaN(a) && !Double.isNaN(referenceValue)) {
            return Math.abs(a - referenceValue) <= 1e-9 * Math.max(1.0, Math.abs(referenceValue));
        }
        return normalize(answer).equals(normalize(reference));
    }

    /** RLCR's four tags in order, the confidence tag ending the completion. */
    static boolean isWellFormed(String completion) {
        return completion.indexOf("<think>") >= 0 && RLCR_SEQUENCE.matcher(completion).find();
    }
}
