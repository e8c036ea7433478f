package dev.rewire.framework.grading;

import dev.rewire.framework.grading.MathForm.Choice;
import dev.rewire.framework.grading.MathForm.Collection;
import dev.rewire.framework.grading.MathForm.Text;
import dev.rewire.framework.grading.MathParser.ParseFailure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The math answer verifier: reads the final answer out of a completion, parses it and the
 * reference into mathematical forms, and compares their meaning ({@link Equivalence}).
 *
 * <ul>
 *   <li>Extraction: the last {@code <answer>} tag, {@code \boxed{}}/{@code \fbox{}}, "the final
 *       answer is", GSM8K's {@code ####}, the last LaTeX span, the last number.</li>
 *   <li>A reference that is a multiple-choice letter is compared as a letter; a reference in words
 *       ({@code \text{Paris}}) as words; everything else as mathematics.</li>
 *   <li>A wrong answer is never made right by cleaning: no sign, bracket, relation or operator is
 *       removed, and what cannot be parsed is ungraded ({@link Grade#abstentionReason()}), never
 *       compared as a string.</li>
 * </ul>
 * Thread safe. Parsed references are cached (a prompt's samples share one), bounded in size.
 */
public final class MathVerifier {

    /** Answers longer than this are not parsed (ungraded): a final answer is a line, not an essay. */
    public static final int MAX_ANSWER_CHARS = 2_000;

    /** Per-comparison limit of the computer-algebra step, in milliseconds. */
    public static final long SYMBOLIC_LIMIT_MS = 2_000;

    private static final int CACHE_ENTRIES = 4096;
    private static final Pattern CHOICE_MARKS = Pattern.compile("[()\\s.:]");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?\\d+,(\\d{1,2}|\\d{4,})|-?0,\\d+");
    private static final MathVerifier STANDARD = new MathVerifier(new SymbolicCheck(SYMBOLIC_LIMIT_MS));

    private final Equivalence equivalence;
    private final Map<String, Object> references = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    private MathVerifier(SymbolicCheck symbolic) {
        this.equivalence = new Equivalence(symbolic);
    }

    /** The verifier every term and check shares. */
    public static MathVerifier standard() {
        return STANDARD;
    }

    /** Grades a completion against a reference: extraction, then {@link #compareAnswer}. */
    public Grade grade(String completion, String reference) {
        if (reference == null) {
            return Grade.abstained(null, "no reference");
        }
        String answer = AnswerText.extractFinal(completion);
        if (answer == null || answer.isBlank()) {
            return Grade.abstained(null, "no answer found");
        }
        return compareAnswer(answer, reference);
    }

    /** Compares an answer already read out of its completion with a reference. */
    public Grade compareAnswer(String answer, String reference) {
        try {
            return compareBounded(answer, reference);
        } catch (StackOverflowError | RuntimeException e) {
            // whatever an adversarial answer does to the reader, the sample is ungraded, never a failed run
            return Grade.abstained(answer, "comparison failed: " + e.getClass().getSimpleName());
        }
    }

    private Grade compareBounded(String answer, String reference) {
        if (answer.length() > MAX_ANSWER_CHARS) {
            return Grade.abstained(answer.substring(0, 80) + "...", "parse failure: an answer of " + answer.length()
                    + " characters (at most " + MAX_ANSWER_CHARS + ")");
        }
        if (isPlainNumber(answer) && isPlainNumber(reference)) {
            // the common case (GSM8K, AIME: integers), read without cleaning or parsing: exact decimal equality
            return Grade.graded(new BigDecimal(answer).compareTo(new BigDecimal(reference)) == 0, answer, "number");
        }
        Object ref = reference(reference);
        if (ref instanceof String problem) {
            return Grade.abstained(answer, "reference " + problem);
        }
        MathForm r = (MathForm) ref;
        MathForm a;
        try {
            a = read(answer, r instanceof Choice, singleNumber(r));
        } catch (ParseFailure e) {
            return Grade.abstained(answer, "parse failure: " + e.getMessage());
        }
        String bareReference = AnswerText.reference(reference).trim();
        if (singleNumber(a) && DECIMAL_COMMA.matcher(bareReference).matches()) {
            // a reference written 1,22 against a single number: the decimal comma reading
            r = read(bareReference, false, true);
        }
        Equivalence.Outcome o;
        try {
            o = equivalence.compare(a, r);
        } catch (RuntimeException e) {
            // arithmetic past what the comparison can do is ungraded, never a crash of the term calling it
            return Grade.abstained(answer, "comparison failed: " + e.getMessage());
        }
        if (o.verdict() == Equivalence.Verdict.UNDECIDED) {
            return Grade.abstained(answer, "time limit");
        }
        return Grade.graded(o.same(), answer, o.compared());
    }

    /**
     * True when two answers (already extracted) mean the same: the equivalence classes of a
     * majority vote. Unparsable answers are equivalent only to the same text.
     */
    public boolean equivalent(String answerA, String answerB) {
        if (answerA == null || answerB == null) {
            return false;
        }
        if (answerA.equals(answerB)) {
            return true;
        }
        if (answerA.length() > MAX_ANSWER_CHARS || answerB.length() > MAX_ANSWER_CHARS) {
            return false;
        }
        MathForm a;
        MathForm b;
        try {
            b = read(answerB, false, false);
            a = read(answerA, b instanceof Choice, singleNumber(b));
        } catch (ParseFailure | StackOverflowError e) {
            return false;
        }
        try {
            return equivalence.compare(a, b).same();
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    private Object reference(String reference) {
        synchronized (references) {
            Object cached = references.get(reference);
            if (cached != null) {
                return cached;
            }
        }
        Object parsed;
        try {
            String stated = AnswerText.reference(reference);
            parsed = stated.length() > MAX_ANSWER_CHARS ? "of " + stated.length() + " characters" : read(stated, false, false);
        } catch (ParseFailure | StackOverflowError e) {
            parsed = "parse failure: " + e.getMessage();
        }
        synchronized (references) {
            references.put(reference, parsed);
        }
        return parsed;
    }

    /**
     * Each answer of a list that holds one {@code \pm} written as its two answers, wherever the sign
     * stands ({@code \frac{-1 \pm \sqrt{13}}{4}} is two roots): "a, b \pm c" reads "a, b + c, b - c".
     */
    static String expandPlusMinus(String text) {
        if (!text.contains("\\pm") && text.indexOf('\u00b1') < 0) {
            return text;
        }
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if ((c == ',' || c == ';') && depth == 0 && (i == 0 || text.charAt(i - 1) != '\\')) {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        items.add(text.substring(start));
        List<String> out = new ArrayList<>();
        for (String item : items) {
            String unified = item.replace("\u00b1", "\\pm ");
            int first = unified.indexOf("\\pm");
            if (first < 0 || unified.indexOf("\\pm", first + 1) >= 0) {
                out.add(item); // none, or several: the parser decides (several is a parse failure)
            } else {
                out.add(unified.substring(0, first) + "+" + unified.substring(first + 3));
                out.add(unified.substring(0, first) + "-" + unified.substring(first + 3));
            }
        }
        return String.join(", ", out);
    }

    /**
     * True when the text is a plain decimal, {@code -?\d{1,30}(?:\.\d{1,30})?} (ASCII digits): read
     * as exactly that number. A scan rather than that regex: it is asked of nearly every answer.
     */
    static boolean isPlainNumber(String s) {
        int at = !s.isEmpty() && s.charAt(0) == '-' ? 1 : 0;
        int whole = digitsFrom(s, at);
        if (whole < 1 || whole > 30) {
            return false;
        }
        at += whole;
        if (at == s.length()) {
            return true;
        }
        int fraction = s.charAt(at) == '.' ? digitsFrom(s, at + 1) : 0;
        return fraction >= 1 && fraction <= 30 && at + 1 + fraction == s.length();
    }

    private static int digitsFrom(String s, int from) {
        int at = from;
        while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
            at++;
        }
        return at - from;
    }

    private static boolean singleNumber(MathForm f) {
        return f instanceof MathForm.Scalar s && s.expr().variables().isEmpty();
    }

    /**
     * One answer as a form. {@code choiceExpected}: the reference is a letter, so a leading letter
     * is the answer. {@code decimalComma}: the reference is one number, so {@code 1,5} reads 1.5.
     */
    static MathForm read(String raw, boolean choiceExpected, boolean decimalComma) {
        String cleaned = AnswerText.clean(raw);
        if (cleaned.isEmpty()) {
            throw new ParseFailure("nothing left of '" + raw + "'");
        }
        char letter = choiceExpected ? AnswerText.leadingChoice(cleaned) : AnswerText.choice(cleaned);
        if (letter != 0 && (choiceExpected || CHOICE_MARKS.matcher(cleaned).replaceAll("").length() == 1
                && Character.isUpperCase(CHOICE_MARKS.matcher(cleaned).replaceAll("").charAt(0)))) {
            return new Choice(letter);
        }
        if (decimalComma && DECIMAL_COMMA.matcher(cleaned).matches()) {
            cleaned = cleaned.replace(',', '.');
        }
        if (AnswerText.hasWords(cleaned)) {
            String math = AnswerText.withoutTrailingWords(cleaned);
            if (math != null && !AnswerText.hasWords(math)) {
                cleaned = math;
            } else {
                String alternatives = cleaned.replaceAll("\\s+(?:and|or)\\s+", ", ");
                if (!alternatives.equals(cleaned) && !AnswerText.hasWords(alternatives)) {
                    cleaned = alternatives;
                } else {
                    return new Text(AnswerText.words(cleaned));
                }
            }
        }
        MathForm f = MathParser.parse(expandPlusMinus(cleaned));
        if (f instanceof Collection c && !c.braced() && c.elements().isEmpty()) {
            throw new ParseFailure("empty answer");
        }
        return f;
    }
}
