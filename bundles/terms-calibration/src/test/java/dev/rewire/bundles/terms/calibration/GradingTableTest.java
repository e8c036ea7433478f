package dev.rewire.bundles.terms.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.grading.MathVerifierCasesTest;
import dev.rewire.framework.grading.MathVerifierCasesTest.Case;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The grading table through {@code rlcr_brier}: c is the verifier's verdict, in both variants. */
class GradingTableTest {

    static Stream<Case> cases() {
        return MathVerifierCasesTest.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void correctnessInsideRlcrIsTheVerifiersVerdict(Case c) {
        Sample s = TestSamples.math("s").reference(c.reference()).completion(c.completion()).confidence(0.7).build();
        double expectedC = c.correct() ? 1.0 : 0.0;
        TermResult paper = new RlcrBrierTerm("paper").evaluate(s);
        assertEquals(expectedC - (0.7 - expectedC) * (0.7 - expectedC), paper.value(), 1e-12, c.toString());
        assertEquals(expectedC, paper.diagnostics().get("correct"), c.toString());
        TermResult trained = new RlcrBrierTerm("trained").evaluate(s);
        assertEquals(0.5 * expectedC + 0.5 * (1 - (expectedC - 0.7) * (expectedC - 0.7)), trained.value(), 1e-12,
                c.toString());
    }
}
