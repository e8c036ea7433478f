package dev.rewire.bundles.terms.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MajorityVoteTermTest {

    private static Group group(List<String> answers) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            String a = answers.get(i);
            samples.add(TestSamples.math("s" + i)
                    .completion(a == null ? "I am not sure." : "<answer>" + a + "</answer>").build());
        }
        return new Group("p", samples);
    }

    @Test
    void goldenVectors() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/golden/reward_terms.json")) {
            cases = new ObjectMapper().readTree(in).get("majority_vote").get("cases");
        }
        for (JsonNode c : cases) {
            List<String> answers = new ArrayList<>();
            c.get("answers").forEach(a -> answers.add(a.isNull() ? null : a.asText()));
            List<TermResult> results = new MajorityVoteTerm(0.0).evaluate(group(answers));
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(c.get("rewards").get(i).asDouble(), results.get(i).value(), 1e-9, c + " sample " + i);
                assertEquals(c.get("ratio").asDouble(), results.get(i).diagnostics().get("majority_ratio"), 1e-9);
            }
        }
    }

    @Test
    void aLoneSampleIsNoVoteAndAbstainsWithTheReason() {
        // a lone wrong answer was its own plurality and scored 1 (issue 19); now the group is too small to vote
        List<TermResult> lone = new MajorityVoteTerm(0.0).evaluate(group(List.of("41")));
        assertTrue(lone.get(0).abstained());
        assertEquals("group of 1 sample: a vote needs at least 2 (min_group)", lone.get(0).reason());
        List<TermResult> three = new MajorityVoteTerm(0.0, 4).evaluate(group(List.of("4", "4", "5")));
        assertTrue(three.stream().allMatch(TermResult::abstained));
        assertEquals("group of 3 samples: a vote needs at least 4 (min_group)", three.get(0).reason());
        List<TermResult> two = new MajorityVoteTerm(0.0).evaluate(group(List.of("4", "4")));
        assertEquals(List.of(1.0, 1.0), two.stream().map(TermResult::value).toList());
    }

    @Test
    void equivalentAnswersVoteTogether() {
        List<TermResult> r = new MajorityVoteTerm(0.0).evaluate(group(List.of("1,000", "7", "1000.0", "7", "1000")));
        assertEquals(List.of(1.0, 0.0, 1.0, 0.0, 1.0), r.stream().map(TermResult::value).toList());
    }

    /** Votes are classes of equal meaning: one spelling of a half is one vote, a sign error another. */
    @Test
    void votesAreEquivalenceClassesOfTheMathVerifier() {
        List<TermResult> r = new MajorityVoteTerm(0.0).evaluate(group(List.of(
                "\\frac{1}{2}", "0.5", "-\\frac12", "1/2", "-0.5", "\\tfrac12")));
        assertEquals(List.of(1.0, 1.0, 0.0, 1.0, 0.0, 1.0), r.stream().map(TermResult::value).toList());
        assertEquals(4.0 / 6, r.get(0).diagnostics().get("majority_ratio"), 1e-12);
        assertEquals("\\frac{1}{2}", r.get(2).explanation().get("majority"));
        assertEquals("-\\frac12", r.get(2).explanation().get("extracted"));
    }

    /** A sign is never dropped: x = 5 and x = -5 are two votes; 0.333333333 is 1/3 within the stated tolerance. */
    @Test
    void aSignErrorIsAnotherVote() {
        List<TermResult> r = new MajorityVoteTerm(0.0).evaluate(group(List.of("x = -5", "x=-5", "x = 5", "-5")));
        assertEquals(List.of(1.0, 1.0, 0.0, 1.0), r.stream().map(TermResult::value).toList());
        List<TermResult> third = new MajorityVoteTerm(0.0).evaluate(group(List.of("1/3", "0.333333333", "0.333", "0.333")));
        assertEquals(List.of(1.0, 1.0, 0.0, 0.0), third.stream().map(TermResult::value).toList());
    }

    @Test
    void belowTheMinimumRatioTheGroupAbstains() {
        List<TermResult> r = new MajorityVoteTerm(0.6).evaluate(group(List.of("1", "2", "3", "1")));
        assertTrue(r.stream().allMatch(TermResult::abstained));
        assertEquals("majority ratio 0.500 < min_ratio 0.600", r.get(0).reason());
        List<TermResult> ok = new MajorityVoteTerm(0.6).evaluate(group(List.of("1", "2", "1", "1")));
        assertEquals(1.0, ok.get(0).value());
    }

    /** Without a tie, the order of the samples does not change who agrees with the majority. */
    @Test
    void invariantToTheOrderOfNonTiedAnswers() {
        Random random = new Random(3);
        List<String> answers = new ArrayList<>(List.of("4", "4", "4", "5", "5", "6", "7"));
        answers.add(null);
        for (int trial = 0; trial < 50; trial++) {
            Collections.shuffle(answers, random);
            List<TermResult> r = new MajorityVoteTerm(0.0).evaluate(group(answers));
            for (int i = 0; i < answers.size(); i++) {
                assertEquals("4".equals(answers.get(i)) ? 1.0 : 0.0, r.get(i).value(), answers.toString());
                assertEquals(3.0 / 8, r.get(i).diagnostics().get("majority_ratio"), 1e-12);
            }
        }
    }
}
