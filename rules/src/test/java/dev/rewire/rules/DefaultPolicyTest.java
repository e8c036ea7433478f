package dev.rewire.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import dev.rewire.runtime.host.policy.PolicyCompiler;
import dev.rewire.runtime.host.policy.PolicyDecision;
import dev.rewire.runtime.host.policy.SampleIndependence;
import dev.rewire.testkit.TestSamples;
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
        return TestSamples.shape(id, "p", domain, source).reference(reference).approved(approved).judgments(judgments).build();
    }

    private static Sample withConfidence(String id, String reference) {
        return withConfidence(id, "qa", "dataset", reference);
    }

    private static Sample withConfidence(String id, String domain, String source, String reference) {
        return TestSamples.qa(id).domain(domain).source(source)
                .completion("<answer>a</answer><confidence>0.7</confidence>").reference(reference).build();
    }

    /** term -> weight, and term -> rules, for one sample decided alone. */
    private static Map<String, Route> decide(Sample s, Verdict verdict) {
        List<Object> facts = new ArrayList<>();
        facts.add(new SampleFact(s, verdict, List.of()));
        facts.add(new BatchContext(0, 1, 1, Set.of("exact_match", "format", "approval", "rlcr_brier",
                "majority_vote", "self_confidence", "length_penalty", "verbosity", "rm_score")));
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
        assertEquals(Set.of("exact_match", "length_penalty"), routes.keySet());
        assertEquals(1.0, routes.get("exact_match").getWeight());
        assertEquals(List.of("math: answer checked against the reference"), routes.get("exact_match").getRules());
    }

    @Test
    void mathWithoutAReferenceIsScoredByMajorityVote() {
        Map<String, Route> routes = decide(sample("m", "math", "dataset", null, null, null), null);
        assertEquals(Set.of("majority_vote", "length_penalty"), routes.keySet());
        assertEquals(1.0, routes.get("majority_vote").getWeight());
    }

    @Test
    void everySampleGetsTheOverlongPenaltyAtFullWeight() {
        for (String domain : List.of("math", "qa", "chat", "code")) {
            Route r = decide(sample("x", domain, "dataset", null, null, null), null).get("length_penalty");
            assertEquals(1.0, r.getWeight(), domain);
            assertEquals(List.of("every sample: overlong penalty"), r.getRules());
        }
    }

    @Test
    void qaWithAStatedConfidenceIsScoredByRlcr() {
        Map<String, Route> routes = decide(withConfidence("q", "Paris"), null);
        assertEquals(Set.of("rlcr_brier", "format", "length_penalty"), routes.keySet());
        assertEquals(1.0, routes.get("rlcr_brier").getWeight());
        assertEquals(List.of("a reference and a stated confidence: correctness and calibration (RLCR)"),
                routes.get("rlcr_brier").getRules());
    }

    /** RLCR trains on math too: a stated confidence gets the calibration term in every domain. */
    @Test
    void aStatedConfidenceWithAReferenceIsScoredByRlcrInEveryDomain() {
        for (String domain : List.of("math", "code", "chat", "unknown")) {
            Map<String, Route> routes = decide(withConfidence("c", domain, "dataset", "4"), null);
            assertEquals(1.0, routes.get("rlcr_brier").getWeight(), domain);
            assertEquals(List.of("a reference and a stated confidence: correctness and calibration (RLCR)"),
                    routes.get("rlcr_brier").getRules(), domain);
            assertEquals(null, routes.get("exact_match"), domain + ": correctness is inside rlcr_brier");
        }
        // without a reference there is nothing to be calibrated against
        assertEquals(null, decide(withConfidence("c", "math", "dataset", null), null).get("rlcr_brier"));
    }

    @Test
    void syntheticReferencesCountHalfUnderRlcrToo() {
        Route r = decide(withConfidence("m", "math", "synthetic", "4"), null).get("rlcr_brier");
        assertEquals(0.5, r.getWeight());
        assertEquals(List.of("a reference and a stated confidence: correctness and calibration (RLCR)",
                "source: synthetic references count half"), r.getRules());
    }

    @Test
    void labelFreeSamplesWithTokenProbabilitiesGetSelfConfidence() {
        Sample s = TestSamples.shape("t", "p", "code", "dataset").answerTokenProbs(List.of(new double[] {0.9, 0.1})).build();
        assertEquals(0.5, decide(s, null).get("self_confidence").getWeight());
        Sample labelled = TestSamples.shape("t", "p", "code", "dataset").reference("ref").answerTokenProbs(List.of(new double[] {0.9, 0.1})).build();
        assertTrue(decide(labelled, null).get("self_confidence") == null);
    }

    @Test
    void rewardModelScoresAndChatVerbosity() {
        Sample s = TestSamples.chat("c").rmScore(1.5).build();
        Map<String, Route> routes = decide(s, null);
        assertEquals(1.0, routes.get("rm_score").getWeight());
        assertEquals(0.1, routes.get("verbosity").getWeight());
    }

    @Test
    void syntheticReferencesCountHalf() {
        Route r = decide(sample("m", "math", "synthetic", "4", null, null), null).get("exact_match");
        assertEquals(0.5, r.getWeight());
        assertEquals(List.of("math: answer checked against the reference", "source: synthetic references count half"),
                r.getRules());
    }

    @Test
    void qaWithoutAConfidenceGetsExactMatchAndTheRlcrFormat() {
        Map<String, Route> routes = decide(sample("q", "qa", "dataset", "Paris", null, null), null);
        assertEquals(Set.of("exact_match", "format", "length_penalty"), routes.keySet());
        assertEquals(1.0, routes.get("exact_match").getWeight());
        assertEquals(0.5, routes.get("format").getWeight());
        assertEquals(List.of("qa: RLCR tag format"), routes.get("format").getRules());
    }

    @Test
    void chatApprovalsAreRoutedOnlyWhenPresent() {
        Judgment j = new Judgment("a", "approve", 1, null, null, null);
        assertEquals(1.0, decide(sample("c", "chat", "human", null, null, List.of(j)), null).get("approval").getWeight());
        assertEquals(1.0, decide(sample("c", "chat", "human", null, true, null), null).get("approval").getWeight());
        assertEquals(Set.of("length_penalty", "verbosity"), decide(sample("c", "chat", "human", null, null, null), null).keySet());
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
    void artifactApprovalsAreIgnored() {
        Judgment j = new Judgment("a", "approve", 1, null, null, 500L);
        Route r = decide(sample("c", "chat", "human", null, null, List.of(j)), Verdict.ARTIFACT).get("approval");
        assertEquals(0.0, r.getWeight());
        assertEquals(List.of("chat: annotator approval", "approvals given too fast to read are ignored"), r.getRules());
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

    private static PolicyDecision decideAfter(Sample s, CheckResult... checks) {
        List<Object> facts = new ArrayList<>();
        facts.add(new SampleFact(s, null, List.of()));
        for (CheckResult c : checks) {
            facts.add(new CheckOutcome(c, 4));
        }
        return policy.decide(facts);
    }

    @Test
    void aFailedCalibrationCheckRaisesTheBrierWeightOfTheNextBatch() {
        Sample s = withConfidence("q", "Paris");
        CheckResult fail = new CheckResult("calibration", CheckStatus.FAIL, Map.of("ece", 0.3, "brier", 0.2, "n", 8.0), "");
        Route r = decideAfter(s, fail).routesOf("q").stream().filter(x -> x.getTerm().equals("rlcr_brier")).findFirst()
                .orElseThrow();
        assertEquals(1.5, r.getWeight());
        assertTrue(r.getRules().contains("calibration failed last batch: raise the Brier weight"));
        assertTrue(decideAfter(s, fail).actions().isEmpty(), "ECE 0.3 does not block");
        CheckResult pass = new CheckResult("calibration", CheckStatus.PASS, Map.of("ece", 0.05), "");
        assertEquals(1.0, decideAfter(s, pass).routesOf("q").stream().filter(x -> x.getTerm().equals("rlcr_brier"))
                .findFirst().orElseThrow().getWeight());
    }

    @Test
    void aFailedSophistryCheckHalvesApprovals() {
        Judgment j = new Judgment("a", "approve", 1, null, null, null);
        CheckResult fail = new CheckResult("sophistry", CheckStatus.FAIL, Map.of("false_positive_rate", 0.5), "");
        Route r = decideAfter(sample("c", "chat", "human", null, null, List.of(j)), fail).routesOf("c").stream()
                .filter(x -> x.getTerm().equals("approval")).findFirst().orElseThrow();
        assertEquals(0.5, r.getWeight());
    }

    @Test
    void aCollapsedCalibrationBlocksWithTheNumbers() {
        CheckResult collapsed = new CheckResult("calibration", CheckStatus.FAIL, Map.of("ece", 0.8125, "brier", 0.7,
                "n", 8.0), "");
        List<BatchAction> actions = decideAfter(withConfidence("q", "Paris"), collapsed).actions();
        assertEquals(1, actions.size());
        assertEquals(BatchAction.Kind.BLOCK, actions.get(0).getKind());
        assertEquals("block: calibration collapsed", actions.get(0).getRule());
        assertEquals("check calibration on batch 4: ECE 0.8125 > 0.5 (Brier 0.7000, n 8)", actions.get(0).getReason());
    }

    /** The host grades no result under --min-check-samples: an ungraded collapse neither blocks nor reweights. */
    @Test
    void anUngradedTinyBatchNeitherBlocksNorReweights() {
        Sample s = withConfidence("q", "Paris");
        CheckResult oneConfidentMiss = new CheckResult("calibration", CheckStatus.INSUFFICIENT, Map.of("ece", 0.9,
                "brier", 0.81, "n", 1.0), "n=1 < 30: not graded (would have been FAIL)");
        PolicyDecision decision = decideAfter(s, oneConfidentMiss);
        assertTrue(decision.actions().isEmpty(), "an ECE over 1 sample is no evidence of a collapse");
        Route brier = decision.routesOf("q").stream().filter(x -> x.getTerm().equals("rlcr_brier")).findFirst()
                .orElseThrow();
        assertEquals(1.0, brier.getWeight());
        assertEquals(List.of("a reference and a stated confidence: correctness and calibration (RLCR)"), brier.getRules());
        CheckResult sophistry = new CheckResult("sophistry", CheckStatus.INSUFFICIENT, Map.of("n", 3.0), "");
        Judgment j = new Judgment("a", "approve", 1, null, null, null);
        assertEquals(1.0, decideAfter(sample("c", "chat", "human", null, null, List.of(j)), sophistry).routesOf("c")
                .stream().filter(x -> x.getTerm().equals("approval")).findFirst().orElseThrow().getWeight());
    }

    @Test
    void aGradedCollapseBlocksButAnEceOverHalfThatPassedCannot() {
        CheckResult notFailed = new CheckResult("calibration", CheckStatus.WARN, Map.of("ece", 0.6, "n", 40.0), "");
        assertTrue(decideAfter(withConfidence("q", "Paris"), notFailed).actions().isEmpty());
    }

    /**
     * The default policy is proven to decide each sample on its own (see SampleIndependence), so
     * a batch is decided one sample per class of equal reads: on mixed batches (five seeds), after every state
     * of the checks its gates read, that gives every sample the routes, weights and rule trails the
     * whole session gives it, and the same batch actions.
     */
    @Test
    void foldedIntoClassesTheDefaultPolicyDecidesWhatItDecidesSampleBySample() {
        assertTrue(policy.independence().isProven(), policy.independence().reason());
        assertTrue(policy.independence().rememberable());
        assertEquals(List.of("domain", "hasApprovals", "hasConfidence", "hasReference", "hasRmScore", "hasTokenProbs",
                "source", "verdict"), policy.independence().reads());
        CompiledPolicy whole = policy.wholeSessions();
        java.util.Random random = null;
        String[] domains = {"math", "qa", "chat", "code"};
        String[] sources = {"dataset", "synthetic", "ai_judge", "human"};
        Verdict[] verdicts = {null, Verdict.GENUINE, Verdict.ARTIFACT, Verdict.NON_ATTITUDE};
        Judgment approve = new Judgment("a", "approve", 1, null, null, null);
        List<List<CheckResult>> checkStates = List.of(List.of(),
                List.of(new CheckResult("calibration", CheckStatus.FAIL, Map.of("ece", 0.3, "brier", 0.2, "n", 40.0), ""),
                        new CheckResult("sophistry", CheckStatus.FAIL, Map.of("n", 40.0), "")),
                List.of(new CheckResult("calibration", CheckStatus.FAIL, Map.of("ece", 0.8, "brier", 0.7, "n", 40.0), "")));
        for (int batch = 0; batch < 150; batch++) {
            if (batch % 30 == 0) {
                random = new java.util.Random(batch / 30 + 1); // a seed per block of batches
            }
            List<Object> facts = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            int n = 1 + random.nextInt(256);
            for (int i = 0; i < n; i++) {
                String id = batch + "-" + i;
                String domain = domains[random.nextInt(domains.length)];
                String reference = random.nextBoolean() ? "4" : null;
                Sample s = random.nextInt(4) == 0
                        ? withConfidence(id, domain, sources[random.nextInt(sources.length)], reference)
                        : sample(id, domain, sources[random.nextInt(sources.length)], reference,
                                random.nextBoolean() ? Boolean.TRUE : null, random.nextBoolean() ? List.of(approve) : null);
                if (random.nextInt(3) == 0) {
                    s = s.toBuilder().rmScore(0.5).answerTokenProbs(List.of(new double[] {0.9})).build();
                }
                facts.add(new SampleFact(s, verdicts[random.nextInt(verdicts.length)], List.of()));
                ids.add(id);
            }
            facts.add(new BatchContext(batch, n, n, Set.of("exact_match", "format", "approval", "rlcr_brier")));
            for (CheckResult c : checkStates.get(batch % checkStates.size())) {
                facts.add(new CheckOutcome(c, batch - 1));
            }
            PolicyDecision folded = policy.decide(facts);
            PolicyDecision full = whole.decide(facts);
            for (String id : ids) {
                assertEquals(trail(full.routesOf(id)), trail(folded.routesOf(id)), id);
            }
            assertEquals(full.actions().stream().map(a -> a.getKind() + " " + a.getReason()).toList(),
                    folded.actions().stream().map(a -> a.getKind() + " " + a.getReason()).toList());
            assertTrue(n < 40 || folded.rulesFired() < full.rulesFired(), "a batch of " + n + " samples was not folded");
        }
    }

    private static List<String> trail(List<Route> routes) {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.getSampleId() + " " + r.getTerm() + " " + r.getWeight() + " " + r.getSteps());
        }
        out.sort(null);
        return out;
    }
}
