package dev.rewire.framework.grading;

import dev.rewire.framework.text.Answers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which comparison a domain's answers get. Text domains ({@value #TEXT_DOMAINS_DOC}) keep
 * SQuAD-style matching (numbers numerically, else lower case without articles and punctuation):
 * right for short text answers (RLCR grades HotpotQA so), wrong for mathematics. Every other
 * domain gets the {@link MathVerifier}, whose text fallback still reads a reference in words.
 * Stateless and thread safe.
 */
public final class AnswerGrading {

    static final String TEXT_DOMAINS_DOC = "qa, chat";
    private static final Set<String> TEXT_DOMAINS = Set.of("qa", "chat");

    private AnswerGrading() {
    }

    /** True when the domain's answers are text, graded SQuAD-style. */
    public static boolean isTextDomain(String domain) {
        return domain != null && TEXT_DOMAINS.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Grades a completion against a reference as its domain is graded. */
    public static Grade grade(String domain, String completion, String reference) {
        if (!isTextDomain(domain)) {
            return MathVerifier.standard().grade(completion, reference);
        }
        String answer = Answers.extract(completion);
        if (reference == null) {
            return Grade.abstained(answer, "no reference");
        }
        if (answer == null) {
            return Grade.abstained(null, "no answer found");
        }
        return Grade.graded(Answers.matches(answer, reference), answer, "text");
    }

    /** The final answer of a completion as its domain reads it (null when there is none). */
    public static String extract(String domain, String completion) {
        return isTextDomain(domain) ? Answers.extract(completion) : AnswerText.extractFinal(completion);
    }

    /**
     * The majority-vote classes of a group's answers: element k is the class of answer k (classes
     * numbered in order of first appearance), or -1 when answer k is null. Equal meaning is one
     * class: {@code 1/2}, {@code 0.5} and {@code \frac{1}{2}} are one vote.
     */
    public static int[] voteClasses(String domain, List<String> answers) {
        int[] out = new int[answers.size()];
        List<String> representatives = new ArrayList<>();
        for (int k = 0; k < answers.size(); k++) {
            out[k] = -1;
            String a = answers.get(k);
            if (a == null) {
                continue;
            }
            for (int c = 0; c < representatives.size() && out[k] < 0; c++) {
                if (sameAnswer(domain, a, representatives.get(c))) {
                    out[k] = c;
                }
            }
            if (out[k] < 0) {
                out[k] = representatives.size();
                representatives.add(a);
            }
        }
        return out;
    }

    /** True when two extracted answers are one vote in a majority vote of this domain. */
    public static boolean sameAnswer(String domain, String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (isTextDomain(domain)) {
            return Answers.canonical(a).equals(Answers.canonical(b));
        }
        return MathVerifier.standard().equivalent(a, b);
    }
}
