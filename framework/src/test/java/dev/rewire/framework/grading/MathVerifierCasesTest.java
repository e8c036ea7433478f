package dev.rewire.framework.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table that pins what "correct" means for a math answer (issue 18): every line of
 * {@code grading/math-cases.jsonl} is a (reference, completion, expected) case, and each right case
 * sits beside its wrong twin (wrong by a sign, a bracket, a relation, the order of a tuple, i vs -i,
 * a digit, ...), so a verifier that normalizes a wrong answer into a right one fails here.
 *
 * <p>Line format: {@code {"reference", "completion", "correct", "form", "bare"}}; {@code form} names what
 * the line exercises as "category: detail"; {@code bare} is true when the whole completion is the
 * answer (no \boxed, tag or prose around it), which makes the line a case for
 * {@link MathVerifier#equivalent} too, the comparison majority vote uses for its classes.
 * {@code grading/vote-cases.jsonl} holds groups of answers with their expected equivalence classes.
 * Cases where a trusted verifier's verdict is open are kept out of the table, in
 * {@code grading/math-cases-unsure.jsonl}, which no test reads.
 *
 * <p>Public, with {@link #cases()}, because the table is shared: the framework's test jar carries
 * it to the tests of {@code exact_match}, {@code majority_vote}, {@code rlcr_brier} and the
 * calibration check, so that one case is right or wrong everywhere.
 */
public class MathVerifierCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MathVerifier VERIFIER = MathVerifier.standard();

    /** One table line; {@code line} is its 1-based line number in the file. */
    public record Case(int line, String reference, String completion, boolean correct, String form, boolean bare) {
        @Override
        public String toString() {
            return "line " + line + " [" + form + "] reference " + quote(reference) + ", completion " + quote(completion)
                    + " -> expected " + (correct ? "correct" : "wrong");
        }
    }

    /** A majority-vote group: answers and, for each, the index of its expected class (numbered by first appearance). */
    record VoteGroup(int line, List<String> answers, List<Integer> classes) {
        @Override
        public String toString() {
            return "line " + line + " " + answers;
        }
    }

    public static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        readLines("grading/math-cases.jsonl", (line, node) -> cases.add(new Case(line,
                text(node, "reference", line), text(node, "completion", line), bool(node, "correct", line),
                text(node, "form", line), node.path("bare").asBoolean(false))));
        return cases.stream();
    }

    static Stream<Case> bareCases() {
        return cases().filter(Case::bare);
    }

    static Stream<VoteGroup> voteGroups() {
        List<VoteGroup> groups = new ArrayList<>();
        readLines("grading/vote-cases.jsonl", (line, node) -> {
            List<String> answers = new ArrayList<>();
            node.path("answers").forEach(a -> answers.add(a.asText()));
            List<Integer> classes = new ArrayList<>();
            node.path("classes").forEach(c -> classes.add(c.asInt()));
            if (answers.size() < 2 || answers.size() != classes.size()) {
                throw new IllegalStateException("grading/vote-cases.jsonl line " + line
                        + ": needs at least two answers and one class per answer");
            }
            groups.add(new VoteGroup(line, answers, classes));
        });
        return groups.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradesTheCompletionAgainstTheReference(Case c) {
        Grade grade = VERIFIER.grade(c.completion(), c.reference());
        assertEquals(c.correct(), grade.correct(), () -> c + "; verifier extracted " + quote(grade.extracted())
                + ", compared as " + grade.compared() + ", abstained: " + grade.abstentionReason());
    }

    /** The same comparison majority vote uses: a bare answer is its own extraction. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bareCases")
    void equivalenceOfBareAnswersAgreesWithTheGrade(Case c) {
        assertEquals(c.correct(), VERIFIER.equivalent(c.completion(), c.reference()),
                () -> "equivalent(completion, reference) for " + c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("voteGroups")
    void voteClassesAreTheEquivalenceClasses(VoteGroup g) {
        for (int i = 0; i < g.answers().size(); i++) {
            for (int j = i + 1; j < g.answers().size(); j++) {
                String a = g.answers().get(i);
                String b = g.answers().get(j);
                boolean sameClass = g.classes().get(i).equals(g.classes().get(j));
                assertEquals(sameClass, VERIFIER.equivalent(a, b), "vote-cases.jsonl line " + g.line() + ": "
                        + quote(a) + " and " + quote(b) + " should " + (sameClass ? "" : "not ") + "share a vote");
            }
        }
    }

    /** Guards the table itself: big enough, and at least as many wrong twins as the issue asks for. */
    @Test
    void tableHasEnoughCasesAndWrongTwins() {
        List<Case> all = cases().toList();
        long wrong = all.stream().filter(c -> !c.correct()).count();
        long right = all.size() - wrong;
        assertTrue(all.size() >= 200, "math-cases.jsonl has " + all.size() + " cases, want at least 200");
        assertTrue(wrong >= 100, "math-cases.jsonl has " + wrong + " wrong cases, want at least 100");
        assertTrue(wrong >= right, "every right case needs a wrong twin: " + right + " right, " + wrong + " wrong");
        assertTrue(bareCases().count() >= 100, "want at least 100 bare answers for the equivalence test");
        assertTrue(voteGroups().count() >= 15, "want at least 15 vote groups");
    }

    private interface LineHandler {
        void accept(int line, JsonNode node);
    }

    private static void readLines(String resource, LineHandler handler) {
        InputStream in = MathVerifierCasesTest.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the test class path");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int lineNumber = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalStateException(resource + " line " + lineNumber + ": not JSON: " + e.getMessage(), e);
                }
                handler.accept(lineNumber, node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static String text(JsonNode node, String field, int line) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("math-cases.jsonl line " + line + ": \"" + field + "\" must be a string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field, int line) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalStateException("math-cases.jsonl line " + line + ": \"" + field + "\" must be true or false");
        }
        return value.asBoolean();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\n", "\\n") + "\"";
    }
}
