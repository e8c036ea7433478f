package dev.rewire.framework.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adversarial answers: the verifier grades on the decoding thread of every run, so nothing an
 * answer holds may throw out of it, exhaust the stack, or write to standard output (where
 * {@code rewire score --out -} writes records).
 */
class MathVerifierRobustnessTest {

    private final MathVerifier verifier = MathVerifier.standard();

    @Test
    void adversarialAnswersAreUngradedNeverThrown() {
        List<String> completions = List.of(
                "5 " + "apples ".repeat(30_000),
                "\\boxed{" + "x^".repeat(5_000) + "2}",
                "\\boxed{" + "-".repeat(100_000) + "1}",
                "\\boxed{" + "{".repeat(20_000) + "}",
                "{".repeat(50_000) + "1" + "}".repeat(50_000),
                "$" + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "$",
                "\\boxed{" + "\\frac{".repeat(3_000) + "1" + "}{2}".repeat(3_000) + "}",
                "\\boxed{10^{10^{10}}}",
                "\\boxed{100000!}");
        for (String completion : completions) {
            Grade g = verifier.grade(completion, "7");
            assertFalse(g.correct(), completion.substring(0, Math.min(40, completion.length())));
            assertFalse(verifier.equivalent(completion, completion + "1"));
        }
        Grade tooLong = verifier.grade("\\boxed{" + "1+".repeat(5_000) + "1}", "10001");
        assertEquals("parse failure: an answer of 10001 characters (at most 2000)", tooLong.abstentionReason());
    }

    @Test
    void theComputerAlgebraSystemWritesNothingToStandardOutput() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // 1/(x - x) makes Symja report "Power: Infinite expression 1/0 encountered."
            Grade g = verifier.grade("\\boxed{\\frac{1}{x-x}}", "\\frac{1}{y-y}");
            assertNotNull(g);
        } finally {
            System.setOut(out);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
