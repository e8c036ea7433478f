package dev.rewire.bundles.terms.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.grading.MathVerifierCasesTest;
import dev.rewire.framework.grading.MathVerifierCasesTest.Case;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grading table (framework's {@code grading/math-cases.jsonl}) through the answer terms: a
 * case right for the verifier is worth 1 in {@code exact_match} and agrees with the majority in
 * {@code majority_vote}; its wrong twin (a sign, a bracket, a relation) is worth 0 in both.
 */
class GradingTableTest {

    static Stream<Case> cases() {
        return MathVerifierCasesTest.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exactMatchScoresTheVerifiersVerdict(Case c) {
        Sample s = TestSamples.math("s").reference(c.reference()).completion(c.completion()).build();
        TermResult r = new ExactMatchTerm().evaluate(s);
        assertEquals(c.correct() ? 1.0 : 0.0, r.value(), c.toString() + " explained " + r.explanation());
    }

    /** Two samples state the reference, the third is the case: it agrees with the majority exactly when it is right. */
    @ParameterizedTest
    @MethodSource("cases")
    void majorityVoteCountsTheSameAnswersAsOneVote(Case c) {
        String stated = "\\boxed{" + c.reference() + "}";
        Group group = new Group("p", List.of(
                TestSamples.math("a").completion(stated).build(),
                TestSamples.math("b").completion(stated).build(),
                TestSamples.math("c").completion(c.completion()).build()));
        List<TermResult> r = new MajorityVoteTerm(0.0).evaluate(group);
        assertEquals(1.0, r.get(0).value(), c.toString());
        assertEquals(c.correct() ? 1.0 : 0.0, r.get(2).value(), c.toString() + " explained " + r.get(2).explanation());
    }
}
