package dev.rewire.bundles.terms.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RlcrBrierTermTest {

    private static Sample sample(String completion, Double confidenceField) {
        return TestSamples.qa("s").completion(completion).reference("Paris").confidence(confidenceField).build();
    }

    private static String completion(boolean correct, String confidence) {
        return "<think>t</think><answer>" + (correct ? "Paris" : "Lyon") + "</answer><analysis>a</analysis>"
                + (confidence == null ? "" : "<confidence>" + confidence + "</confidence>");
    }

    @Test
    void goldenVectorsThroughWholeSamples() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/golden/reward_terms.json")) {
            cases = new ObjectMapper().readTree(in).get("rlcr").get("cases");
        }
        RlcrBrierTerm paper = new RlcrBrierTerm("paper");
        for (JsonNode c : cases) {
            boolean correct = c.get("correct").asInt() == 1;
            double q = c.get("q").asDouble();
            TermResult fromTag = paper.evaluate(sample(completion(correct, Double.toString(q)), null));
            assertEquals(c.get("reward").asDouble(), fromTag.value(), 1e-9, c.toString());
            TermResult fromField = paper.evaluate(sample(completion(correct, null), q));
            assertEquals(c.get("reward").asDouble(), fromField.value(), 1e-9, c.toString());
        }
    }

    /** RLCR's released weights: 0.5 accuracy + 0.5 shifted Brier (0.5 x 1-(c-q)^2). */
    @ParameterizedTest
    @CsvSource({"1, 0.8, 0.98", "0, 0.9, 0.095", "1, 1.0, 1.0", "0, 0.0, 0.5", "0, 0.3, 0.455"})
    void trainedVariantIsAccuracyPlusTheShiftedBrierTerm(int c, double q, double expected) {
        assertEquals(expected, new RlcrBrierTerm("trained").reward(c, q), 1e-12);
    }

    /**
     * Whatever the variant, being right pays: at every stated confidence q > 0 a right answer
     * outscores a wrong one (by 2q in the paper's variant, q in the trained one), graded by the math verifier (a sign error is wrong).
     * The case: a wrong answer at q = 0.197 must not beat a right one at q = 0.799.
     */
    @ParameterizedTest
    @ValueSource(strings = {"paper", "trained"})
    void aRightAnswerOutscoresAWrongOneAtEveryConfidence(String variant) {
        RlcrBrierTerm term = new RlcrBrierTerm(variant);
        for (int qi = 1; qi <= 100; qi++) {
            String q = Double.toString(qi / 100.0);
            Sample right = TestSamples.math("r").reference("-\\frac{\\sqrt3}{2}")
                    .completion("<answer>\\boxed{-\\frac{\\sqrt{3}}{2}}</answer><confidence>" + q + "</confidence>").build();
            Sample signError = TestSamples.math("w").reference("-\\frac{\\sqrt3}{2}")
                    .completion("<answer>\\boxed{\\frac{\\sqrt{3}}{2}}</answer><confidence>" + q + "</confidence>").build();
            double r = term.evaluate(right).value();
            double w = term.evaluate(signError).value();
            assertEquals((variant.equals("paper") ? 2 : 1) * qi / 100.0, r - w, 1e-12, variant + " at q " + q);
        }
        double wrongLow = term.reward(0, 0.197);
        double rightHigh = term.reward(1, 0.799);
        org.junit.jupiter.api.Assertions.assertTrue(rightHigh > wrongLow, variant + ": " + rightHigh + " vs " + wrongLow);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL|NULL|format: no <confidence> tag",
        "high|0.5|format: unparsable confidence \"high\"",
        "1.5|NULL|format: confidence 1.5 outside [0,1]",
        "-0.2|NULL|format: confidence -0.2 outside [0,1]",
    })
    void aMissingOrBadConfidenceFailsTheFormat(String tag, Double field, String reason) {
        TermResult r = new RlcrBrierTerm("paper").evaluate(sample(completion(true, tag), field));
        assertEquals(reason, r.reason());
    }

    @Test
    void theTagWinsOverTheFieldAndNoReferenceAbstains() {
        TermResult r = new RlcrBrierTerm("paper").evaluate(sample(completion(true, "0.5"), 1.0));
        assertEquals(0.75, r.value(), 1e-12);
        Sample noRef = TestSamples.qa("s").completion(completion(true, "0.5")).build();
        assertEquals("no reference", new RlcrBrierTerm("paper").evaluate(noRef).reason());
        assertThrows(IllegalArgumentException.class, () -> new RlcrBrierTerm("other"));
    }

    /** A proper scoring rule: with accuracy p, the expected reward over q peaks at q = p. */
    @ParameterizedTest
    @ValueSource(strings = {"paper", "trained"})
    void expectedRewardIsMaximizedByTheTrueAccuracy(String variant) {
        RlcrBrierTerm term = new RlcrBrierTerm(variant);
        for (int pi = 0; pi <= 20; pi++) {
            double p = pi / 20.0;
            double bestQ = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int qi = 0; qi <= 100; qi++) {
                double q = qi / 100.0;
                double expected = p * term.reward(1, q) + (1 - p) * term.reward(0, q);
                if (expected > best + 1e-12) {
                    best = expected;
                    bestQ = q;
                }
            }
            assertEquals(p, bestQ, 1e-9, "accuracy " + p);
        }
    }

    @Test
    void selfConfidenceIsTheMeanTopTwoMargin() {
        Sample s = TestSamples.math("s").answerTokenProbs(List.of(new double[] {0.9, 0.05}, new double[] {0.6, 0.3}, new double[] {0.5, 0.5})).build();
        TermResult r = new SelfConfidenceTerm().evaluate(s);
        assertEquals((0.85 + 0.3 + 0.0) / 3, r.value(), 1e-12);
        assertEquals(3.0, r.diagnostics().get("answer_tokens"));
        Sample none = TestSamples.math("s").answerTokenProbs(List.of()).build();
        assertEquals("no answer_token_probs", new SelfConfidenceTerm().evaluate(none).reason());
    }
}
