package dev.rewire.bundles.check.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.grading.MathVerifierCasesTest;
import dev.rewire.framework.grading.MathVerifierCasesTest.Case;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Sample;
import dev.rewire.testkit.TestSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The calibration check sees the same "correct" as every term: the math verifier's. A sign, a
 * bracket or a relation wrong is wrong here too, and a right answer in another spelling is right.
 */
class GradedCorrectnessTest {

    /** (reference, right answer in another spelling, the same answer wrong by a sign/bracket/relation). */
    private static final String[][] TWINS = {
        {"x = 5", "\\boxed{5}", "\\boxed{x = -5}"},
        {"\\frac{\\sqrt3}{2}", "\\boxed{\\frac{\\sqrt{3}}{2}}", "\\boxed{-\\frac{\\sqrt3}{2}}"},
        {"(-\\infty,3]", "\\boxed{(-\\infty, 3]}", "\\boxed{(-\\infty,3)}"},
        {"3+4i", "\\boxed{4i+3}", "\\boxed{3-4i}"},
        {"e^{x}", "\\boxed{\\exp(x)}", "\\boxed{e^{-x}}"},
        {"(1,2)", "\\boxed{(1, 2)}", "\\boxed{(1,-2)}"},
        {"a<b", "\\boxed{b>a}", "\\boxed{a>b}"},
        {"\\frac{3}{4}", "\\boxed{\\dfrac{3}{4}}", "\\boxed{-\\frac34}"},
        {"1-x", "\\boxed{-x+1}", "\\boxed{x-1}"},
        {"\\{1,2\\}", "\\boxed{\\{2,1\\}}", "\\boxed{\\{1,-2\\}}"},
    };

    private static Sample sample(String id, String reference, String answer) {
        return TestSamples.math(id).reference(reference).completion(answer).confidence(0.9).build();
    }

    @Test
    void aSignErrorIsWrongAndAnotherSpellingIsRight() {
        for (String[] t : TWINS) {
            assertTrue(Observation.of(sample("r", t[0], t[1])).correct(), t[1] + " for " + t[0]);
            assertFalse(Observation.of(sample("w", t[0], t[2])).correct(), t[2] + " for " + t[0]);
        }
    }

    static Stream<Case> cases() {
        return MathVerifierCasesTest.cases();
    }

    /** Every case of the grading table: the check's "correct" is the verifier's verdict. */
    @ParameterizedTest
    @MethodSource("cases")
    void theCheckSeesTheVerifiersVerdict(Case c) {
        assertEquals(c.correct(), Observation.of(sample("s", c.reference(), c.completion())).correct(), c.toString());
    }

    /** Half right, half wrong by a sign, all stated at 0.9: accuracy 0.5, one bin, ECE |0.5 - 0.9|. */
    @Test
    void eceCountsSignErrorsAsWrong() {
        List<Observation> observed = new ArrayList<>();
        for (String[] t : TWINS) {
            observed.add(Observation.of(sample("r", t[0], t[1])));
            observed.add(Observation.of(sample("w", t[0], t[2])));
        }
        double[] conf = new double[observed.size()];
        boolean[] correct = new boolean[observed.size()];
        for (int i = 0; i < conf.length; i++) {
            conf[i] = observed.get(i).confidence();
            correct[i] = observed.get(i).correct();
        }
        CalibrationMetrics m = new CalibrationMetrics(conf, correct, 10, Binning.NUMPY);
        assertEquals(0.4, m.ece, 1e-12);
    }
}
