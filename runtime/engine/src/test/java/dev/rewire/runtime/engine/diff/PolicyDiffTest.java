package dev.rewire.runtime.engine.diff;

import dev.rewire.runtime.io.ScoredRecordReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Observation;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {

    private static RewardRecord record(String id, String prompt, String domain, double reward, double advantage,
                                       double weight, String policy) {
        Map<String, TermOutcome> terms = Map.of("exact_match", new TermOutcome(reward / weight, weight, null));
        return new RewardRecord(id, prompt, 0, reward, advantage, terms, List.of("rule"), null,
                new Observation(domain, "dataset", 10, null, null, null), new Provenance(Map.of(), policy, null));
    }

    /** Base: math p1 rewards 1,0 (adv +1,-1), qa p2 rewards 1,1. Candidate doubles math's weight. */
    @Test
    void doubledWeightShiftsTheMeanButNoRank() {
        List<RewardRecord> base = List.of(record("a", "p1", "math", 1, 1, 1, "B"), record("b", "p1", "math", 0, -1, 1, "B"),
                record("c", "p2", "qa", 1, 0, 1, "B"), record("d", "p2", "qa", 1, 0, 1, "B"));
        List<RewardRecord> cand = List.of(record("a", "p1", "math", 2, 1, 2, "C"), record("b", "p1", "math", 0, -1, 2, "C"),
                record("c", "p2", "qa", 1, 0, 1, "C"), record("d", "p2", "qa", 1, 0, 1, "C"));
        PolicyDiff diff = new PolicyDiff(10);
        DiffSummary.RewardFigures unit = diff.compare(base, cand);
        DiffSummary s = diff.summary();
        assertEquals(0.25, unit.meanShift(), 1e-12);
        assertEquals(4, s.samplesCompared());
        assertEquals(0.75, s.reward().meanBase(), 1e-12);
        assertEquals(1.0, s.reward().meanCandidate(), 1e-12);
        assertEquals(0.25, s.reward().meanShift(), 1e-12);
        assertEquals(1.0, s.reward().maxAbsDelta(), 1e-12);
        assertEquals(0, s.reward().signFlips());
        assertEquals(0.5, s.domains().get("math").reward().meanShift(), 1e-12);
        assertEquals(0.0, s.domains().get("qa").reward().meanShift(), 1e-12);
        // weights: base 1,1,1,1; candidate 2,2,1,1 -> mean 1 -> 1.5
        assertEquals(0.5, s.terms().get("exact_match").meanWeightShift(), 1e-12);
        assertEquals(1.0, s.domains().get("math").terms().get("exact_match").meanWeightShift(), 1e-12);
        assertEquals(0.25, s.terms().get("exact_match").meanContributionShift(), 1e-12);
        assertEquals(2, s.ranks().groups());
        assertEquals(0, s.ranks().argmaxChanged());
        assertEquals(0.0, s.ranks().meanAbsRankShift(), 1e-12);
        // p2 is all ties on both sides: tau undefined there, so the mean is over p1 alone
        assertEquals(1, s.ranks().groupsWithTau());
        assertEquals(1.0, s.ranks().meanKendallTau(), 1e-12);
        assertEquals(List.of("B"), s.basePolicies());
        assertEquals(List.of("C"), s.candidatePolicies());
        assertEquals(1, s.movers().size());
        assertEquals("a", s.movers().get(0).id());
        assertEquals(3, s.rewardDeltas().unchanged());
        assertEquals(1.0, s.rewardDeltas().range(), 1e-12);
        assertEquals(1L, s.rewardDeltas().counts().get(PolicyDiff.HISTOGRAM_BINS - 1));
    }

    /** A negated weight reverses every mixed group: all signs flip, the best sample changes, tau is -1. */
    @Test
    void negatedWeightFlipsSignsAndRanks() {
        List<RewardRecord> base = new ArrayList<>();
        List<RewardRecord> cand = new ArrayList<>();
        double[][] rewards = {{1, 0, 0}, {1, 1, 0}};
        for (int g = 0; g < rewards.length; g++) {
            double mean = (rewards[g][0] + rewards[g][1] + rewards[g][2]) / 3;
            for (int i = 0; i < 3; i++) {
                String id = "g" + g + "-" + i;
                double r = rewards[g][i];
                base.add(record(id, "p" + g, "math", r, r - mean, 1, "B"));
                cand.add(record(id, "p" + g, "math", -r, mean - r, -1, "C"));
            }
        }
        PolicyDiff diff = new PolicyDiff(2);
        diff.compare(base, cand);
        DiffSummary s = diff.summary();
        assertEquals(6, s.reward().signFlips());
        assertEquals(1.0, s.reward().signFlipRate(), 1e-12);
        assertEquals(2, s.ranks().argmaxChanged());
        assertEquals(1.0, s.ranks().argmaxChangeRate(), 1e-12);
        assertEquals(-1.0, s.ranks().meanKendallTau(), 1e-12);
        // group 0: ranks base (1, 2.5, 2.5) -> candidate (3, 1.5, 1.5): shifts 2, 1, 1; group 1 likewise
        assertEquals(4.0 / 3, s.ranks().meanAbsRankShift(), 1e-12);
        // the two largest |delta| (2) kept, in id order among ties
        assertEquals(List.of("g0-0", "g1-0"), s.movers().stream().map(DiffSummary.Mover::id).toList());
        assertEquals(-2.0, s.movers().get(0).rewardDelta(), 1e-12);
    }

    @Test
    void samplesOnOneSideOnlyAreCountedAndLeftOut() {
        PolicyDiff diff = new PolicyDiff(0);
        diff.compare(List.of(record("a", "p", "math", 1, 0, 1, "B"), record("b", "p", "math", 1, 0, 1, "B")),
                List.of(record("a", "p", "math", 1, 0, 1, "C"), record("z", "p", "math", 5, 0, 1, "C")));
        DiffSummary s = diff.summary();
        assertEquals(1, s.samplesCompared());
        assertEquals(1, s.onlyInBase());
        assertEquals(1, s.onlyInCandidate());
        assertEquals(0, s.ranks().groups());
    }

    @Test
    void failIfComparesShiftsByMagnitudeAndRejectsUnknownMetrics() {
        PolicyDiff diff = new PolicyDiff(0);
        diff.compare(List.of(record("a", "p", "math", 1, 0, 1, "B")), List.of(record("a", "p", "math", 0.9, 0, 1, "C")));
        DiffSummary s = diff.summary();
        assertTrue(FailIf.parse("mean_reward_shift>0.05").crossed(s));
        assertTrue(FailIf.parse("mean_reward_shift[math] >= 0.09").crossed(s));
        assertTrue(!FailIf.parse("mean_reward_shift[math]>=0.2").crossed(s));
        assertEquals(0.1, FailIf.parse("mean_reward_shift<1").value(s), 1e-12);
        assertTrue(!FailIf.parse("mean_reward_shift[qa]>0").crossed(s));
        assertTrue(!FailIf.parse("sign_flip_rate>0").crossed(s));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FailIf.parse("reward_moved>1"));
        assertTrue(e.getMessage().contains("unknown metric 'reward_moved'"), e.getMessage());
        assertTrue(e.getMessage().contains("sign_flip_rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FailIf.parse("kendall_tau[math]<0.5"));
        assertThrows(IllegalArgumentException.class, () -> FailIf.parse("sign_flip_rate=0.1"));
    }

    @Test
    void scoredLinesReadBackWithTermsRulesAndPolicy() {
        RewardRecord r = ScoredRecordReader.scoreRecord("{\"id\":\"s-1\",\"prompt_id\":\"p\",\"batch\":3,\"reward\":0.5,"
                + "\"advantage\":-1.0,\"terms\":{\"a\":{\"value\":1.0,\"weight\":0.5},\"b\":{\"weight\":1.0,"
                + "\"abstained\":\"no reference\"}},\"rules\":[\"r1\"],\"observed\":{\"domain\":\"math\",\"length\":4},"
                + "\"provenance\":{\"bundles\":{\"x\":\"1.0\"},\"policy\":\"abc\"}}");
        assertEquals(3, r.batch());
        assertEquals(new TermOutcome(1.0, 0.5, null), r.terms().get("a"));
        assertEquals(new TermOutcome(null, 1.0, "no reference"), r.terms().get("b"));
        assertEquals(List.of("r1"), r.rules());
        assertEquals("math", r.observed().domain());
        assertEquals("abc", r.provenance().policy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoredRecordReader.scoreRecord("{\"id\":\"x\",\"reward\":1}"));
        assertEquals("rewire score output without 'prompt_id', 'advantage', 'terms', 'observed'", e.getMessage());
    }
}
