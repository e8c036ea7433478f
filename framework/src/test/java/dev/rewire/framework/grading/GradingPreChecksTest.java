package dev.rewire.framework.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the grader's shortcuts rest on, checked against the slow reading they skip. */
class GradingPreChecksTest {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d{1,30}(?:\\.\\d{1,30})?");

    @Test
    void plainNumberIsTheRegexsGrammar() {
        String[] edges = {"", "-", "0", "-0", "00", "1.", ".5", "-.5", "1.5", "1.5.5", "--1", "+1", "1e5", " 1", "1 ",
                "\u0661", "\uff11", "1".repeat(30), "1".repeat(31), "1." + "2".repeat(30), "1." + "2".repeat(31),
                "-" + "9".repeat(30) + "." + "9".repeat(30), "1,000", "1/2"};
        for (String s : edges) {
            assertEquals(PLAIN_NUMBER.matcher(s).matches(), MathVerifier.isPlainNumber(s), s);
        }
        Random random = new Random(7);
        String alphabet = "0123456789-.-.0a \u0663";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(PLAIN_NUMBER.matcher(s).matches(), MathVerifier.isPlainNumber(s.toString()), s.toString());
        }
    }

    /** A stated plain number reads as an answer without being parsed: the parse reads it as a number. */
    @Test
    void aPlainNumberReadsAsANumber() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String s = (random.nextBoolean() ? "-" : "") + digits(random, 1 + random.nextInt(30))
                    + (random.nextBoolean() ? "." + digits(random, 1 + random.nextInt(30)) : "");
            MathForm f = MathVerifier.read(s, false, false);
            assertFalse(f instanceof MathForm.Text, s);
        }
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < n; k++) {
            s.append((char) ('0' + (k == 0 && random.nextInt(4) == 0 ? 0 : random.nextInt(10))));
        }
        return s.toString();
    }
}
