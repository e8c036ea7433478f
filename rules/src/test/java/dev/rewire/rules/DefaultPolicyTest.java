package dev.rewire.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.runtime.policy.CompiledPolicy;
import dev.rewire.runtime.policy.PolicyCompiler;
import dev.rewire.runtime.policy.PolicyDecision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins what the default policy decides for representative samples: which terms, at which weight,
 * by which rules. Compiled with the same compiler the host uses.
 */
class DefaultPolicyTest {

    private static CompiledPolicy policy;

    @BeforeAll
    static void compile() throws Exception {
        policy = new PolicyCompiler().compile(Path.of("src/main/resources/policy"));
    }

    private static Sample sample(String id, String domain, String source, String reference, Boolean approved,
                                 List<Judgment> judgments) {
        return new Sample(id, "p", domain, source, "q", "c", reference, null, null, null, approved, judgments);
    }

    /** term -> weight, and term -> rules, for one sample decided alone. */
    private static Map<String, Route> decide(Sample s, Verdict verdict) {
        List<Object> facts = new ArrayList<>();
        facts.add(new SampleFact(s, verdict, List.of()));
        facts.add(new BatchContext(0, 1, 1, Set.of("exact_match", "format", "approval")));
        PolicyDecision d = policy.decide(facts);
        Map<String, Route> byTerm = new TreeMap<>();
        for (Route r : d.routesOf(s.id())) {
            byTerm.put(r.getTerm(), r);
        }
        return byTerm;
    }

    @Test
    void mathWithAReferenceIsCheckedByExactMatch() {
        Map<String, Route> routes = decide(sample("m", "math", "dataset", "4", null, null), null);
        assertEquals(Set.of("exact_match"), routes.keySet());
        assertEquals(1.0, routes.get("exact_match").getWeight());
        assertEquals(List.of("math: answer checked against the reference"), routes.get("exact_match").getRules());
    }

    @Test
    void mathWithoutAReferenceIsNotRouted() {
        assertTrue(decide(sample("m", "math", "dataset", null, null, null), null).isEmpty());
    }

    @Test
    void syntheticReferencesCountHalf() {
        Route r = decide(sample("m", "math", "synthetic", "4", null, null), null).get("exact_match");
        assertEquals(0.5, r.getWeight());
        assertEquals(List.of("math: answer checked against the reference", "source: synthetic references count half"),
                r.getRules());
    }

    @Test
    void qaGetsExactMatchAndTheRlcrFormat() {
        Map<String, Route> routes = decide(sample("q", "qa", "dataset", "Paris", null, null), null);
        assertEquals(1.0, routes.get("exact_match").getWeight());
        assertEquals(0.5, routes.get("format").getWeight());
        assertEquals(List.of("qa: RLCR tag format"), routes.get("format").getRules());
    }

    @Test
    void chatApprovalsAreRoutedOnlyWhenPresent() {
        Judgment j = new Judgment("a", "approve", 1, null, null, null);
        assertEquals(1.0, decide(sample("c", "chat", "human", null, null, List.of(j)), null).get("approval").getWeight());
        assertEquals(1.0, decide(sample("c", "chat", "human", null, true, null), null).get("approval").getWeight());
        assertTrue(decide(sample("c", "chat", "human", null, null, null), null).isEmpty());
    }

    @Test
    void nonAttitudeApprovalsAreDownWeighted() {
        Judgment j = new Judgment("a", "approve", 1, null, null, null);
        Route r = decide(sample("c", "chat", "human", null, null, List.of(j)), Verdict.NON_ATTITUDE).get("approval");
        assertEquals(0.25, r.getWeight());
        assertEquals(List.of("chat: annotator approval", "non-attitude approvals are down-weighted"), r.getRules());
        assertEquals(1.0, decide(sample("c", "chat", "human", null, null, List.of(j)), Verdict.GENUINE)
                .get("approval").getWeight());
    }

    @Test
    void weightFactorsMultiply() {
        Judgment j = new Judgment("a", "approve", 1, null, null, null);
        Route r = decide(sample("c", "chat", "ai_judge", null, null, List.of(j)), Verdict.NON_ATTITUDE).get("approval");
        assertEquals(0.125, r.getWeight());
        assertEquals(3, r.getRules().size());
    }

    @Test
    void otherDomainsFallBackToExactMatchWithAReference() {
        Map<String, Route> routes = decide(sample("x", "code", "dataset", "print(1)", null, null), null);
        assertEquals(List.of("any other domain: answer checked when there is a reference"),
                routes.get("exact_match").getRules());
    }

    @Test
    void decisionsOfOneBatchDoNotLeakIntoTheNext() {
        Sample s = sample("m", "math", "synthetic", "4", null, null);
        decide(s, null);
        assertEquals(0.5, decide(s, null).get("exact_match").getWeight());
    }
}
