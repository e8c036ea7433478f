package dev.rewire.framework.grading;

import dev.rewire.framework.internal.AsciiCase;
import dev.rewire.framework.text.Answers;
import dev.rewire.framework.text.RlcrFormat;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
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
    private static final Pattern LAST_NUMBER = Pattern.compile("(?<![A-Za-z_])-?\\d[\\d,]*(?:\\.\\d+)?(?:/\\d+)?|-?\\.\\d+");
    private static final Pattern DOUBLED_COMMAND = Pattern.compile("\\\\\\\\(?=(?:left|right|frac|dfrac|tfrac|sqrt|le|ge|leq|geq|neq|ne|cdot|times|pi|infty|in|cup|text|mathrm|boxed|begin|end)(?![a-zA-Z]))");
    private static final Pattern THIN_GROUPING = Pattern.compile(",\\\\!\\s*");
    private static final Pattern CONJUNCTION = Pattern.compile("\\s*(?:and|or)\\s*");
    private static final Pattern TUPLES_OR = Pattern.compile("\\)\\s*(?:or|and)\\s*\\(");
    private static final Pattern ANY_SPAN = Pattern.compile("\\$\\$?([^$]+)\\$\\$?|\\\\[\\[(]((?:(?!\\\\[\\])]).)+)\\\\[\\])]", Pattern.DOTALL);
    /** What may stand between two boxed answers of one run: commas, "and", "or", spacing, math delimiters. */
    private static final Pattern SEPARATOR = Pattern.compile(
            "(?:\\s|[,;.$]|\\\\[\\[\\]()]|\\\\q?quad|\\\\[,;: ]|\\\\text\\{\\s*(?:and|or|,)?\\s*\\}|\\band\\b|\\bor\\b)*");
    private static final Pattern TEXT_COMMAND = Pattern.compile(
            "\\\\(?:text|textnormal|textbf|textit|textrm|textup|texttt|mathrm|mathbf|mathit|mathsf|mathtt|mbox|operatorname|emph|boldsymbol|mathnormal)\\s*\\{");
    private static final Pattern SIZING = Pattern.compile("\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])");
    private static final Pattern SPACING = Pattern.compile("\\\\(?:quad|qquad|displaystyle|textstyle|scriptstyle|,|;|:| )|~");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{\\s*\\\\circ\\s*\\}|\\^\\s*\\\\circ|\\\\circ|\\\\degree|°");
    private static final Pattern GROUPED = Pattern.compile("[+-]?[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?|[+-]?[1-9]\\d{0,2}(?: \\d{3})+(?:\\.\\d+)?");
    private static final Pattern WORD = Pattern.compile("(?<![\\\\a-zA-Z])[a-zA-Z]{2,}(?![a-zA-Z])");
    private static final Pattern TRAILING_TOKEN = Pattern.compile("[a-zA-Z]+\\.?(?:\\^\\{?[23]\\}?)?|\\^\\{?[23]\\}?");
    private static final Pattern ENVIRONMENT = Pattern.compile("\\\\(?:begin|end)\\s*\\{[a-zA-Z*]+\\}(?:\\{[a-z|]+\\})?");
    private static final Pattern UNIT_POWER = Pattern.compile("^\\s*\\^\\s*(?:\\{\\s*[23]\\s*\\}|[23])");
    private static final Pattern UNIT_WORDS = Pattern.compile("[a-zA-Z. ]+");
    private static final Pattern PERCENT_WORD = Pattern.compile("(?i)\\bpercent\\b");
    private static final Pattern UNIT_WORDS_DROPPED = Pattern.compile("(?i)\\b(?:dollars?|cents?|usd|degrees?|units?)\\b");
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
            String boxed = boxedRun(tagged);
            return boxed != null ? boxed : answerIn(tagged);
        }
        // the last statement wins, nested ones too: "Final Answer: The final answer is 12."
        String last = null;
        int saidAt = -1;
        // a statement holds the word "answer": without it, the regex would be tried at every position for nothing
        if (AsciiCase.contains(completion, "answer")) {
            Matcher said = ANSWER_IS.matcher(completion);
            int from = 0;
            while (from < completion.length() && said.find(from)) {
                last = said.group(1);
                saidAt = said.start();
                from = said.start() + 1;
            }
        }
        String boxed = boxedRun(completion);
        // a box wins unless the completion states its final answer after the last box
        int lastBox = Math.max(completion.lastIndexOf("\\boxed"), completion.lastIndexOf("\\fbox"));
        if (boxed != null && (last == null || saidAt < lastBox)) {
            return boxed;
        }
        if (last != null) {
            return answerIn(last.replace("**", ""));
        }
        if (completion.contains("####")) {
            Matcher mark = GSM8K_MARK.matcher(completion);
            while (mark.find()) {
                last = mark.group(1);
            }
        }
        if (last != null) {
            return answerIn(last);
        }
        String whole = wholeAnswer(completion);
        if (whole != null) {
            return whole;
        }
        String math = lastMath(completion);
        if (math != null) {
            return math;
        }
        String words = lastSpanOfAnyKind(completion);
        return words == null ? null : words.trim();
    }

    /**
     * The answer inside a stated answer: all of it when it reads as an answer ({@code 12},
     * {@code (1,2)}, {@code Paris}); the last mathematics in it when it is prose ("The volume of
     * $ABCD$ is 120" gives 120).
     */
    private static String answerIn(String stated) {
        String t = stripDelimiters(stated.trim());
        if (t.isEmpty()) {
            return null;
        }
        if (readsAsAnswer(t)) {
            return t;
        }
        String math = lastMath(stated);
        return math != null ? math : t;
    }

    private static boolean readsAsAnswer(String t) {
        if (t.length() > 200 || t.indexOf('\n') >= 0) {
            return false;
        }
        if (MathVerifier.isPlainNumber(t)) {
            // the common statement ("The answer is 998."): a plain number is read as a number, never as words
            return true;
        }
        try {
            MathForm f = MathVerifier.read(t, false, false);
            return !(f instanceof MathForm.Text text)
                    || (text.words().split(" ").length <= 3 && !clean(t).matches("(?s).*[0-9$\\\\].*"));
        } catch (MathParser.ParseFailure e) {
            return false;
        }
    }

    /** The last mathematics in prose: the last LaTeX span or the last number, whichever ends later. */
    private static String lastMath(String text) {
        int[] spanAt = new int[1];
        String span = lastSpan(text, spanAt);
        // unicode minus read as ASCII ("−5" is -5, never 5); m² stays m², not m2
        Matcher n = LAST_NUMBER.matcher(text.replace('\u2212', '-'));
        String number = null;
        int numberEnd = -1;
        while (n.find()) {
            number = n.group();
            numberEnd = n.end();
        }
        if (span != null && spanAt[0] >= numberEnd) {
            return span.trim();
        }
        if (number != null) {
            return number.endsWith(",") ? number.substring(0, number.length() - 1) : number;
        }
        return span == null ? null : span.trim();
    }

    /**
     * The last run of {@code \boxed{}}/{@code \fbox{}} answers, joined by commas: "\boxed{1} and
     * \boxed{2}" is the answer {@code 1, 2}; one box is its content. Null when there is none.
     */
    static String boxedRun(String text) {
        List<int[]> boxes = new ArrayList<>();
        for (String command : new String[] {"\\boxed", "\\fbox"}) {
            int at = text.indexOf(command);
            while (at >= 0) {
                int open = at + command.length();
                while (open < text.length() && text.charAt(open) == ' ') {
                    open++;
                }
                if (open < text.length() && text.charAt(open) == '{') {
                    int close = matchingBrace(text, open);
                    if (close > 0) {
                        boxes.add(new int[] {at, open + 1, close});
                    }
                }
                at = text.indexOf(command, at + 1);
            }
        }
        if (boxes.isEmpty()) {
            return null;
        }
        boxes.sort((x, y) -> Integer.compare(x[0], y[0]));
        int first = boxes.size() - 1;
        while (first > 0 && boxes.get(first - 1)[2] < boxes.get(first)[0]
                && SEPARATOR.matcher(text.substring(boxes.get(first - 1)[2] + 1, boxes.get(first)[0])).matches()) {
            first--;
        }
        StringBuilder joined = new StringBuilder();
        for (int k = first; k < boxes.size(); k++) {
            int[] box = boxes.get(k);
            joined.append(k == first ? "" : ", ").append(stripDelimiters(text.substring(box[1], box[2])));
        }
        return joined.toString().trim();
    }

    /**
     * The completion itself when it is nothing but an answer: one short line that reads as
     * mathematics, or as at most three words ({@code Paris}, {@code (C)}); null otherwise.
     */
    private static String wholeAnswer(String completion) {
        String t = completion.trim();
        return !t.isEmpty() && readsAsAnswer(t) ? stripDelimiters(t) : null;
    }

    /** The reference as given, unwrapped from a {@code \boxed{}} or math delimiters if it has them. */
    static String reference(String reference) {
        String boxed = boxedRun(reference);
        return stripDelimiters(boxed != null ? boxed : reference);
    }

    /**
     * The content of the last LaTeX span: {@code \[..\]}, {@code \(..\)}, or the last pair of
     * unescaped {@code $}/{@code $$} delimiters, paired from the start as LaTeX pairs them. A
     * span holding words is prose between two currency signs, not mathematics: skipped.
     */
    private static String lastSpan(String text) {
        return lastSpan(text, new int[1]);
    }

    /** The last span holding anything, words included: the last resort of extraction. */
    private static String lastSpanOfAnyKind(String text) {
        Matcher m = ANY_SPAN.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1) != null ? m.group(1) : m.group(2);
        }
        return last;
    }

    private static String lastSpan(String text, int[] endAt) {
        String best = null;
        int bestEnd = -1;
        for (String[] d : new String[][] {{"\\[", "\\]"}, {"\\(", "\\)"}}) {
            int end = text.lastIndexOf(d[1]);
            int start = end < 0 ? -1 : text.lastIndexOf(d[0], end);
            if (start >= 0 && end > bestEnd) {
                bestEnd = end;
                best = text.substring(start + d[0].length(), end);
            }
        }
        List<int[]> dollars = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '$' && (i == 0 || text.charAt(i - 1) != '\\')) {
                int width = i + 1 < text.length() && text.charAt(i + 1) == '$' ? 2 : 1;
                dollars.add(new int[] {i, width});
                i += width - 1;
            }
        }
        for (int k = (dollars.size() / 2) * 2 - 2; k >= 0; k -= 2) {
            int[] open = dollars.get(k);
            int[] close = dollars.get(k + 1);
            String content = text.substring(open[0] + open[1], close[0]);
            if (content.isBlank() || hasWords(clean(content))) {
                continue;
            }
            if (close[0] > bestEnd) {
                best = content;
                bestEnd = close[0];
            }
            break;
        }
        endAt[0] = bestEnd;
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
        // "\\left" (a doubled escape, as JSON and raw strings often carry it) is \left
        s = DOUBLED_COMMAND.matcher(s).replaceAll("\\\\");
        s = THIN_GROUPING.matcher(s).replaceAll(",");
        // a row break \\ is not an escape: kept out of the way of the one-backslash commands below
        s = s.replace("\\\\", "\u0001");
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
        s = TUPLES_OR.matcher(s).replaceAll("), (");
        s = s.replace("\\%", "").replace("%", "").replace("\\$", "").replace("$", "")
                .replace("\u20ac", "").replace("\u00a3", "");
        s = unwrapText(s).replace("\u0001", "\\\\");
        s = UNIT_WORDS_DROPPED.matcher(PERCENT_WORD.matcher(s).replaceAll("")).replaceAll(" ");
        s = s.trim();
        while (s.endsWith(".") && !s.endsWith("..")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        if (GROUPED.matcher(s).matches()) {
            s = s.replace(",", "").replace(" ", "");
        }
        return s.trim();
    }

    /**
     * {@code \text{...}} and its kin replaced by their content (nested braces kept); a wrapper of
     * words right after a value is a unit ({@code 5\text{ cm}}, {@code 36\text{ m}^2}) and goes,
     * with its power.
     */
    private static String unwrapText(String s) {
        Matcher m = TEXT_COMMAND.matcher(s);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find(from)) {
            int open = m.end() - 1;
            int close = matchingBrace(s, open);
            if (close < 0) {
                break;
            }
            String content = s.substring(open + 1, close);
            out.append(s, from, m.start());
            from = close + 1;
            String before = out.toString().trim();
            boolean unit = !content.isBlank() && UNIT_WORDS.matcher(content).matches() && !before.isEmpty()
                    && !CONJUNCTION.matcher(content).matches()
                    && (Character.isLetterOrDigit(before.charAt(before.length() - 1)) || before.endsWith("}"));
            if (unit) {
                Matcher power = UNIT_POWER.matcher(s.substring(from));
                if (power.find()) {
                    from += power.end();
                }
            } else {
                out.append(' ').append(content).append(' ');
            }
        }
        return out.append(s.substring(from)).toString();
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The answer's words as a text answer, normalized as SQuAD normalizes short answers (lower case,
     * no articles, punctuation or repeated spaces: "The Eiffel Tower." is "eiffel tower"). Used
     * only when the answer is words, never for mathematics.
     */
    static String words(String cleaned) {
        return Answers.normalize(cleaned);
    }

    /** True when the cleaned answer holds a word (two or more letters that are not a maths name). */
    static boolean hasWords(String cleaned) {
        Matcher m = WORD.matcher(ENVIRONMENT.matcher(cleaned).replaceAll(" "));
        while (m.find()) {
            if (!MATH_WORDS.contains(m.group().toLowerCase(Locale.ROOT)) && m.group().length() >= 3) {
                return true;
            }
        }
        return false;
    }

    /** The answer without words after its mathematics ("18 apples", "5 cm^2"); null when there are none. */
    static String withoutTrailingWords(String cleaned) {
        // a linear scan from the end (a regex over "5 apples apples ..." recursed per word)
        String[] tokens = cleaned.trim().split("\\s+");
        int keep = tokens.length;
        while (keep > 1 && TRAILING_TOKEN.matcher(tokens[keep - 1]).matches()) {
            String word = tokens[keep - 1].replaceAll("[.^23{}]", "").toLowerCase(Locale.ROOT);
            if (MATH_WORDS.contains(word) || word.length() == 1) {
                return null;
            }
            keep--;
        }
        if (keep == tokens.length) {
            return null;
        }
        String math = String.join(" ", java.util.Arrays.copyOf(tokens, keep)).trim();
        char last = math.isEmpty() ? 'a' : math.charAt(math.length() - 1);
        return Character.isLetter(last) ? null : math;
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
