package dev.rewire.framework.grading;

import dev.rewire.framework.text.RlcrFormat;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading an answer's text: where the final answer is in a completion ({@link #extractFinal}) and
 * the cleaning that only removes what never changes an answer's meaning ({@link #clean}: spacing
 * commands, {@code \left}/{@code \right}, {@code \text{}} wrappers, units, currency, degree and
 * percent signs, thousands separators). Signs, brackets, relations and operators are never touched.
 * Stateless and thread safe.
 */
final class AnswerText {

    private static final Pattern ANSWER_IS = Pattern.compile(
            "(?i)(?:the\\s+)?(?:final\\s+)?answer\\s*(?:is|:)\\s*:?\\s*(.+?)\\s*(?:$|\\n|\\.(?:\\s|$))");
    private static final Pattern GSM8K_MARK = Pattern.compile("####\\s*([^\\n]+)");
    private static final Pattern LAST_NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");
    private static final Pattern TEXT_COMMAND = Pattern.compile(
            "\\\\(?:text|textbf|textit|textrm|textup|texttt|mathrm|mathbf|mathit|mathsf|mathtt|mbox|operatorname|emph|boldsymbol|mathnormal)\\s*\\{");
    private static final Pattern SIZING = Pattern.compile("\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])");
    private static final Pattern SPACING = Pattern.compile("\\\\(?:quad|qquad|displaystyle|textstyle|scriptstyle|,|;|:| )|~");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{\\s*\\\\circ\\s*\\}|\\^\\s*\\\\circ|\\\\circ|\\\\degree|°");
    private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|[+-]?\\d{1,3}(?: \\d{3})+(?:\\.\\d+)?");
    private static final Pattern WORD = Pattern.compile("(?<![\\\\a-zA-Z])[a-zA-Z]{2,}(?![a-zA-Z])");
    private static final Pattern TRAILING_WORDS = Pattern.compile("^(.*?[^a-zA-Z\\s.])\\s*((?:[a-zA-Z]+\\.?\\s*|\\^\\s*[23]\\s*)+)$");
    private static final Pattern CHOICE = Pattern.compile("^\\(?\\s*([A-Ea-e])\\s*\\)?\\s*[.:]?$");
    private static final Pattern CHOICE_LEAD = Pattern.compile("^\\(?\\s*([A-E])\\s*\\)(?:\\s|$)|^([A-E])(?:[.:]\\s|\\s*$)");

    /** Words a reader of maths never takes for part of an answer: they are read as functions or constants. */
    private static final Set<String> MATH_WORDS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos",
            "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp", "pi", "sqrt", "inf", "infty", "infinity", "oo");

    private AnswerText() {
    }

    /**
     * The final answer of a completion, as a maths reader finds it: inside the last
     * {@code <answer>} tag (its last {@code \boxed{}} if it holds one), else the last
     * {@code \boxed{}}/{@code \fbox{}}, else "the final answer is ..."/"Final Answer: ...", else a
     * GSM8K {@code ####} line, else the last LaTeX span ({@code $..$}, {@code \(..\)},
     * {@code \[..\]}), else the last number. Null when there is none.
     */
    static String extractFinal(String completion) {
        if (completion == null || completion.isBlank()) {
            return null;
        }
        String tagged = RlcrFormat.lastTag(completion, "answer");
        if (tagged != null) {
            String boxed = lastBoxed(tagged);
            return stripDelimiters(boxed != null ? boxed : tagged);
        }
        String boxed = lastBoxed(completion);
        if (boxed != null) {
            return stripDelimiters(boxed);
        }
        Matcher said = ANSWER_IS.matcher(completion);
        String last = null;
        while (said.find()) {
            last = said.group(1);
        }
        if (last != null) {
            String span = lastSpan(last);
            return stripDelimiters(span != null ? span : last);
        }
        Matcher mark = GSM8K_MARK.matcher(completion);
        while (mark.find()) {
            last = mark.group(1);
        }
        if (last != null) {
            return stripDelimiters(last);
        }
        String span = lastSpan(completion);
        if (span != null) {
            return span.trim();
        }
        Matcher n = LAST_NUMBER.matcher(completion);
        while (n.find()) {
            last = n.group();
        }
        return last;
    }

    /** The reference as given, unwrapped from a {@code \boxed{}} or math delimiters if it has them. */
    static String reference(String reference) {
        String boxed = lastBoxed(reference);
        return stripDelimiters(boxed != null ? boxed : reference);
    }

    static String lastBoxed(String text) {
        int best = -1;
        int bestOpen = -1;
        for (String command : new String[] {"\\boxed", "\\fbox"}) {
            int at = text.lastIndexOf(command);
            while (at >= 0) {
                int open = at + command.length();
                while (open < text.length() && text.charAt(open) == ' ') {
                    open++;
                }
                if (open < text.length() && text.charAt(open) == '{' && at > best) {
                    best = at;
                    bestOpen = open;
                    break;
                }
                at = at == 0 ? -1 : text.lastIndexOf(command, at - 1);
            }
        }
        if (best < 0) {
            return null;
        }
        int depth = 0;
        for (int i = bestOpen; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(bestOpen + 1, i);
            }
        }
        return null;
    }

    private static String lastSpan(String text) {
        String best = null;
        int bestAt = -1;
        for (String[] d : new String[][] {{"\\[", "\\]"}, {"\\(", "\\)"}, {"$$", "$$"}, {"$", "$"}}) {
            int end = text.lastIndexOf(d[1]);
            while (end > 0) {
                int start = text.lastIndexOf(d[0], end - 1);
                if (d[0].equals("$") && start > 0 && text.charAt(start - 1) == '\\') {
                    end = start - 1; // an escaped dollar is currency, not a delimiter
                    continue;
                }
                if (start >= 0 && start + d[0].length() <= end) {
                    if (end > bestAt) {
                        bestAt = end;
                        best = text.substring(start + d[0].length(), end);
                    }
                }
                break;
            }
        }
        return best == null || best.isBlank() ? null : best;
    }

    private static String stripDelimiters(String s) {
        String t = s.trim();
        for (String[] d : new String[][] {{"\\[", "\\]"}, {"\\(", "\\)"}, {"$$", "$$"}, {"$", "$"}}) {
            if (t.length() >= d[0].length() + d[1].length() && t.startsWith(d[0]) && t.endsWith(d[1])
                    && !t.substring(d[0].length(), t.length() - d[1].length()).contains(d[1])) {
                t = t.substring(d[0].length(), t.length() - d[1].length()).trim();
            }
        }
        return t;
    }

    /**
     * The answer with what cannot change its meaning removed: unicode spellings made LaTeX,
     * {@code \left}/{@code \right} and spacing, {@code \dfrac}/{@code \tfrac}/{@code \cfrac} as
     * {@code \frac}, {@code \text{}} wrappers unwrapped, degree, percent and currency signs,
     * thousands separators in a lone number, a final period, trailing unit words.
     */
    static String clean(String answer) {
        String s = Normalizer.normalize(answer, Normalizer.Form.NFKC);
        s = s.replace('\u2212', '-').replace('\u2013', '-').replace("\u00d7", "\\times ").replace("\u22c5", "\\cdot ")
                .replace("\u00b7", "\\cdot ").replace("\u00f7", "\\div ").replace("\u221a", "\\sqrt").replace("\u03c0", "\\pi ")
                .replace("\u221e", "\\infty ").replace("\u2264", "\\le ").replace("\u2265", "\\ge ").replace("\u2260", "\\ne ")
                .replace("\u222a", "\\cup ").replace("\u27e8", "\\langle ").replace("\u27e9", "\\rangle ")
                .replace("\u2208", "\\in ").replace("\u2205", "\\emptyset ");
        s = s.replace("\\left.", "").replace("\\right.", "");
        s = SIZING.matcher(s).replaceAll("");
        s = s.replace("\\!", "");
        s = SPACING.matcher(s).replaceAll(" ");
        s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac")
                .replace("\\dbinom", "\\binom").replace("\\tbinom", "\\binom").replace("{,}", ",")
                .replace("\\mathbb{R}", "\\reals").replace("\\mathbb R", "\\reals").replace("\\lbrace", "\\{")
                .replace("\\rbrace", "\\}").replace("\\lvert", "|").replace("\\rvert", "|").replace("\\vert", "|")
                .replace("\\mid", "|").replace("\\colon", ":").replace("\\dots", "").replace("\\ldots", "");
        s = DEGREES.matcher(s).replaceAll("");
        s = s.replace("\\%", "").replace("%", "").replace("\\$", "").replace("$", "")
                .replace("\u20ac", "").replace("\u00a3", "");
        s = unwrapText(s);
        s = s.replaceAll("(?i)\\bpercent\\b", "").replaceAll("(?i)\\b(?:dollars?|cents?|usd|degrees?|units?)\\b", " ");
        s = s.trim();
        while (s.endsWith(".") && !s.endsWith("..")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        if (GROUPED.matcher(s).matches()) {
            s = s.replace(",", "").replace(" ", "");
        }
        return s.trim();
    }

    /** {@code \text{...}} and its kin replaced by their content (nested braces kept). */
    private static String unwrapText(String s) {
        Matcher m = TEXT_COMMAND.matcher(s);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find(from)) {
            int open = m.end() - 1;
            int depth = 0;
            int close = -1;
            for (int i = open; i < s.length(); i++) {
                if (s.charAt(i) == '{') {
                    depth++;
                } else if (s.charAt(i) == '}' && --depth == 0) {
                    close = i;
                    break;
                }
            }
            if (close < 0) {
                break;
            }
            out.append(s, from, m.start()).append(' ').append(s, open + 1, close).append(' ');
            from = close + 1;
        }
        return out.append(s.substring(from)).toString();
    }

    /**
     * The answer's words as a text answer: lower case, punctuation at the ends and repeated
     * spaces removed. Used only when the answer is words, never for mathematics.
     */
    static String words(String cleaned) {
        String s = cleaned.toLowerCase(Locale.ROOT).replaceAll("[\\s]+", " ").trim();
        return s.replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "");
    }

    /** True when the cleaned answer holds a word (two or more letters that are not a maths name). */
    static boolean hasWords(String cleaned) {
        Matcher m = WORD.matcher(cleaned);
        while (m.find()) {
            if (!MATH_WORDS.contains(m.group().toLowerCase(Locale.ROOT)) && m.group().length() >= 3) {
                return true;
            }
        }
        return false;
    }

    /** The answer without words after its mathematics ("18 apples", "5 cm^2"); null when there are none. */
    static String withoutTrailingWords(String cleaned) {
        Matcher m = TRAILING_WORDS.matcher(cleaned);
        if (!m.matches()) {
            return null;
        }
        for (String w : m.group(2).trim().split("[\\s.^23]+")) {
            if (MATH_WORDS.contains(w.toLowerCase(Locale.ROOT)) || (w.length() == 1 && !w.isEmpty())) {
                return null;
            }
        }
        return m.group(1).trim();
    }

    /** The letter when the text is a multiple-choice answer on its own ({@code C}, {@code (C)}, {@code C.}); else 0. */
    static char choice(String cleaned) {
        Matcher m = CHOICE.matcher(cleaned.trim());
        return m.matches() ? Character.toUpperCase(m.group(1).charAt(0)) : 0;
    }

    /** The letter an answer opens with when the reference is a choice ({@code (C) 42}, {@code C. 42}); else 0. */
    static char leadingChoice(String cleaned) {
        char alone = choice(cleaned);
        if (alone != 0) {
            return alone;
        }
        Matcher m = CHOICE_LEAD.matcher(cleaned.trim());
        if (m.find()) {
            return (m.group(1) != null ? m.group(1) : m.group(2)).charAt(0);
        }
        return 0;
    }
}
