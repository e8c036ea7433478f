package dev.rewire.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.policy.EvidenceFact;
import dev.rewire.framework.policy.SignalFact;
import dev.rewire.framework.policy.TypePosterior;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import dev.rewire.runtime.host.policy.PolicyCompiler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins how the default policy classifies preference signals from the type model's posterior and the evidence. */
class PairsPolicyTest {

    private static CompiledPolicy policy;

    @BeforeAll
    static void compile() throws Exception {
        policy = new PolicyCompiler().compile(Path.of("src/main/resources/policy"));
    }

    private static Classification classify(int opinions, double genuine, double constructed, double nonAttitude,
                                           double artifact, String... evidence) {
        List<Object> facts = new ArrayList<>();
        facts.add(new SignalFact("p#u", "p", "u", "prompt", "chat", 6, opinions));
        facts.add(new TypePosterior("p#u", Map.of(Verdict.GENUINE, genuine, Verdict.CONSTRUCTED, constructed,
                Verdict.NON_ATTITUDE, nonAttitude, Verdict.ARTIFACT, artifact), 1.5, opinions != 2));
        for (String e : evidence) {
            String[] fv = e.split(":");
            facts.add(new EvidenceFact(new FilterEvidence("p#u", fv[0], Verdict.valueOf(fv[1]), List.of(fv[0] + " says so"),
                    Map.of())));
        }
        return policy.decide(facts).classifications().get("p#u");
    }

    @Test
    void aSettledPosteriorDecidesTheTypeAndItsWeight() {
        Classification c = classify(6, 0.02, 0.95, 0.03, 0, "framing:GENUINE");
        assertEquals(Verdict.CONSTRUCTED, c.getVerdict());
        assertEquals(0.25, c.getWeight());
        assertEquals("pairs: a settled posterior decides the type", c.getRule());
        assertEquals(List.of("posterior CONSTRUCTED 0.950, NON_ATTITUDE 0.030, GENUINE 0.020; the signal's own judgments "
                + "favour CONSTRUCTED over the runner-up by 10^1.5"), c.getReasons());
        assertEquals(Verdict.GENUINE, classify(6, 0.9, 0, 0.1, 0).getVerdict(), "0.9 is settled");
        assertEquals(1.0, classify(6, 0.9, 0, 0.1, 0).getWeight());
        assertEquals(Verdict.NON_ATTITUDE, classify(6, 0.01, 0, 0.99, 0, "test_retest:GENUINE").getVerdict(),
                "a filter's opinion does not override the posterior");
        assertEquals(0.0, classify(6, 0, 0, 0.001, 0.999).getWeight());
    }

    @Test
    void anUnsettledPosteriorIsUndeterminedAndWeightedByWhatItIsExpectedToBeWorth() {
        Classification c = classify(1, 0.6, 0.2, 0.2, 0);
        assertEquals(Verdict.UNDETERMINED, c.getVerdict());
        assertEquals(0.6 * 1.0 + 0.2 * 0.25, c.getWeight(), 1e-12);
        assertEquals("no type reaches 0.9", c.getReasons().get(1));
    }

    @Test
    void whereSlipsAndNonAttitudesLookAlikeADisagreementIsUndetermined() {
        // the test's SignalFact with 2 opinions stands for a design that cannot tell slips from non-attitudes
        Classification c = classify(2, 0.01, 0, 0.99, 0);
        assertEquals(Verdict.UNDETERMINED, c.getVerdict());
        assertEquals("the design cannot tell this annotator's slips from non-attitudes", c.getReasons().get(1));
    }

    @Test
    void observedSpeedingOverridesThePosteriorAndTiesAndSkipsAreNoOpinion() {
        Classification c = classify(6, 0.1, 0, 0.9, 0, "speed:ARTIFACT");
        assertEquals(Verdict.ARTIFACT, c.getVerdict());
        assertEquals(0.0, c.getWeight());
        assertEquals("pairs: speeding or straight-lining is a measurement artifact", c.getRule());
        assertEquals(List.of("posterior NON_ATTITUDE 0.900, GENUINE 0.100; the signal's own judgments favour "
                + "NON_ATTITUDE over the runner-up by 10^1.5", "speed says so"), c.getReasons());
        assertEquals(Verdict.NON_ATTITUDE, classify(0, 0.5, 0, 0.5, 0).getVerdict());
        assertEquals("pairs: only ties and skips", classify(0, 0.5, 0, 0.5, 0).getRule());
    }
}
