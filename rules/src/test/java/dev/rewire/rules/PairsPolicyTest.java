package dev.rewire.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.policy.EvidenceFact;
import dev.rewire.framework.policy.SignalFact;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.runtime.policy.CompiledPolicy;
import dev.rewire.runtime.policy.PolicyCompiler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins how the default policy classifies preference signals from the filters' evidence. */
class PairsPolicyTest {

    private static CompiledPolicy policy;

    @BeforeAll
    static void compile() throws Exception {
        policy = new PolicyCompiler().compile(Path.of("src/main/resources/policy"));
    }

    private static Classification classify(int opinions, String... evidence) {
        List<Object> facts = new ArrayList<>();
        facts.add(new SignalFact("p#u", "p", "u", "prompt", "chat", 6, opinions));
        for (String e : evidence) {
            String[] fv = e.split(":");
            facts.add(new EvidenceFact(new FilterEvidence("p#u", fv[0], Verdict.valueOf(fv[1]), List.of(fv[0] + " says so"),
                    Map.of())));
        }
        return policy.decide(facts).classifications().get("p#u");
    }

    @Test
    void artifactsComeFirst() {
        Classification c = classify(6, "framing:CONSTRUCTED", "speed:ARTIFACT", "test_retest:NON_ATTITUDE");
        assertEquals(Verdict.ARTIFACT, c.getVerdict());
        assertEquals(0.0, c.getWeight());
        assertEquals("pairs: speeding, straight-lining or a position habit is a measurement artifact", c.getRule());
        assertEquals(List.of("speed says so"), c.getReasons());
        assertEquals(Verdict.ARTIFACT, classify(6, "position:ARTIFACT").getVerdict());
    }

    @Test
    void framingBeforeRetest() {
        Classification c = classify(6, "framing:CONSTRUCTED", "test_retest:NON_ATTITUDE");
        assertEquals(Verdict.CONSTRUCTED, c.getVerdict());
        assertEquals(0.25, c.getWeight());
        assertEquals(Verdict.NON_ATTITUDE, classify(6, "test_retest:NON_ATTITUDE", "speed:GENUINE").getVerdict());
    }

    @Test
    void intransitivityDecidesOnlyWithoutRepeats() {
        assertEquals(Verdict.NON_ATTITUDE, classify(1, "transitivity:NON_ATTITUDE").getVerdict());
        assertEquals(Verdict.GENUINE, classify(6, "transitivity:NON_ATTITUDE", "test_retest:GENUINE").getVerdict());
    }

    @Test
    void quietFiltersMeanGenuineAndNoOpinionMeansNone() {
        Classification c = classify(6, "speed:GENUINE");
        assertEquals(Verdict.GENUINE, c.getVerdict());
        assertEquals(1.0, c.getWeight());
        assertEquals(Verdict.NON_ATTITUDE, classify(0).getVerdict());
    }
}
