package dev.rewire.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.ScoringResult;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.host.policy.PolicyDecision;
import dev.rewire.testkit.TestSamples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stages between the policy and the records, on a hand-made batch and decision. */
class StagesTest {

    private static Sample sample(String id, String prompt, String completion, String reference) {
        return TestSamples.math(id, prompt).completion(completion).reference(reference).build();
    }

    // two groups: p1 = {a, b}, p2 = {c}
    private final Batch batch = new Batch(7, List.of(
            new Group("p1", List.of(sample("a", "p1", "\\boxed{4}", "4"), sample("b", "p1", "\\boxed{5}", "4"))),
            new Group("p2", List.of(sample("c", "p2", "two words", null)))));

    private static Route route(String sample, String term, double weight, String rule) {
        return new Route(sample, term, weight, rule);
    }

    /** Routes in the order rules made them: zeta before alpha for a, alpha twice for c. */
    private PolicyDecision decision() {
        Map<String, List<Route>> routes = new LinkedHashMap<>();
        Route scaled = route("a", "alpha", 1.0, "r-alpha");
        scaled.scale(0.5, "r-half");
        routes.put("a", List.of(route("a", "zeta", 2.0, "r-zeta"), scaled));
        routes.put("b", List.of(route("b", "alpha", 1.0, "r-alpha")));
        routes.put("c", List.of(route("c", "alpha", 1.0, "r-alpha"), route("c", "alpha", 0.25, "r-extra")));
        return new PolicyDecision(routes, List.of(), Map.of(), 4);
    }

    @Test
    void routeTableLaysRoutesOutByRowAndTermInIdOrder() {
        RouteTable table = new RouteTable(batch, decision());
        assertEquals(List.of("alpha", "zeta"), table.terms());
        assertEquals(3, table.rows());
        assertArrayEquals(new double[] {0.5, 2.0, 1.0, 0.0, 1.25, 0.0}, table.weights());
        assertTrue(table.routed(0, 1));
        assertFalse(table.routed(1, 1));
        assertEquals(List.of("alpha", "zeta"), table.routes(0).stream().map(Route::getTerm).toList());
        assertEquals(List.of(List.of(0, 1), List.of(2)), rows(table.routedRowsByGroup(0)));
        assertEquals(List.of(List.of(0)), rows(table.routedRowsByGroup(1)));
        assertArrayEquals(new int[] {0, 0, 1}, table.groupOfRow());
    }

    /** A route that is scaled to 0 is still routed: the term runs and its value is recorded at weight 0. */
    @Test
    void aZeroWeightRouteIsStillRouted() {
        Map<String, List<Route>> routes = new LinkedHashMap<>();
        Route zeroed = route("a", "alpha", 1.0, "r");
        zeroed.scale(0.0, "r-zero");
        routes.put("a", List.of(zeroed));
        RouteTable table = new RouteTable(batch, new PolicyDecision(routes, List.of(), Map.of(), 2));
        assertTrue(table.routed(0, 0));
        assertEquals(0.0, table.weight(0, 0));
        assertFalse(table.routed(1, 0));
    }

    private static List<List<Integer>> rows(List<int[]> byGroup) {
        List<List<Integer>> out = new ArrayList<>();
        for (int[] g : byGroup) {
            List<Integer> l = new ArrayList<>();
            for (int r : g) {
                l.add(r);
            }
            out.add(l);
        }
        return out;
    }

    private static List<TermEvaluator.TermRun> runs() {
        TermResult[] alpha = {TermResult.of(1.0), TermResult.abstain("no reason"), TermResult.of(0.25)};
        TermResult[] zeta = {TermResult.of(3.0), null, null};
        return List.of(
                new TermEvaluator.TermRun("alpha", alpha, List.of(), "bundle.alpha", "1.0.0", Map.of("k", 1)),
                new TermEvaluator.TermRun("zeta", zeta, List.of(), "bundle.zeta", "2.0.0", Map.of()));
    }

    @Test
    void scoreValuesAreNaNWhereNotRoutedOrAbstained() {
        RouteTable table = new RouteTable(batch, decision());
        double[] values = ScoreStage.values(table, runs());
        assertArrayEquals(new double[] {1.0, 3.0, Double.NaN, Double.NaN, 0.25, Double.NaN}, values);
    }

    @Test
    void assembledRecordsCarryTermsRulesAndSharedProvenance() {
        RouteTable table = new RouteTable(batch, decision());
        JudgeStage.Verdicts verdicts = JudgeStage.combine(List.of(new FilterStage.Assessed(
                new FilterEvidence("b", "speed", Verdict.ARTIFACT, List.of("too fast"), Map.of()), "bundle.f", "1.0")));
        ScoringResult scored = new ScoringResult(new double[] {2.5, 0, 0.25}, new double[] {1, -1, 0}, "cpu()");
        Assembler.Assembled out = new Assembler().assemble(table, runs(), verdicts, scored, "scorer", "0.1", "sha");
        List<RewardRecord> records = out.records();
        RewardRecord a = records.get(0);
        assertEquals(List.of("alpha", "zeta"), List.copyOf(a.terms().keySet()));
        assertEquals(0.5, a.terms().get("alpha").weight());
        assertEquals(3.0, a.terms().get("zeta").value());
        assertEquals(List.of("r-alpha", "r-half", "r-zeta"), a.rules());
        assertEquals(Map.of("bundle.alpha", "1.0.0", "bundle.zeta", "2.0.0", "scorer", "0.1"), a.provenance().bundles());
        assertEquals(Map.of("alpha", Map.of("k", 1)), a.provenance().config());
        assertEquals(true, a.observed().correct());
        RewardRecord b = records.get(1);
        assertEquals("no reason", b.terms().get("alpha").abstentionReason());
        assertNull(b.terms().get("alpha").value());
        assertEquals(Verdict.ARTIFACT, b.verdict());
        assertEquals(Map.of("bundle.alpha", "1.0.0", "bundle.f", "1.0", "scorer", "0.1"), b.provenance().bundles());
        RewardRecord c = records.get(2);
        assertEquals(1.25, c.terms().get("alpha").weight());
        assertEquals(List.of("r-alpha", "r-extra"), c.rules());
        assertEquals(2, c.observed().length());
        assertNull(c.observed().correct());
        // c routed what b routed, but b was judged by a filter: different provenance; a third row like c shares
        assertNotSame(b.provenance(), c.provenance());
        assertEquals(7, c.batch());
        assertEquals(0.25, c.reward());
        assertEquals(3, out.scored().size());
        assertEquals(Map.of("alpha", runs().get(0).at(2)).keySet(), out.scored().get(2).terms().keySet());
    }

    @Test
    void rowsThatRouteTheSameTermsShareOneProvenance() {
        Batch three = new Batch(0, List.of(new Group("p", List.of(sample("x", "p", "1", "1"),
                sample("y", "p", "2", "1"), sample("z", "p", "3", "1")))));
        Map<String, List<Route>> routes = new LinkedHashMap<>();
        for (String id : List.of("x", "y", "z")) {
            routes.put(id, List.of(route(id, "alpha", 1.0, "r")));
        }
        RouteTable table = new RouteTable(three, new PolicyDecision(routes, List.of(), Map.of(), 3));
        TermResult[] alpha = {TermResult.of(1), TermResult.of(0), TermResult.of(0)};
        List<TermEvaluator.TermRun> runs = List.of(new TermEvaluator.TermRun("alpha", alpha, List.of(), "b", "1", Map.of()));
        ScoringResult scored = new ScoringResult(new double[3], new double[3], "cpu()");
        List<RewardRecord> records = new Assembler().assemble(table, runs, JudgeStage.Verdicts.NONE, scored, "s", "1",
                "sha").records();
        assertSame(records.get(0).provenance(), records.get(1).provenance());
        assertSame(records.get(0).provenance(), records.get(2).provenance());
    }

    @Test
    void judgeKeepsTheMostSevereVerdictAndEveryReason() {
        JudgeStage.Verdicts v = JudgeStage.combine(List.of(
                new FilterStage.Assessed(new FilterEvidence("s", "retest", Verdict.GENUINE, List.of("stable"), Map.of()),
                        "bundle.retest", "1.0"),
                new FilterStage.Assessed(new FilterEvidence("s", "speed", Verdict.NON_ATTITUDE, List.of("fast", "flat"),
                        Map.of()), "bundle.artifacts", "1.1"),
                new FilterStage.Assessed(new FilterEvidence("s", "position", Verdict.CONSTRUCTED, List.of(), Map.of()),
                        "bundle.artifacts", "1.1")));
        JudgeStage.Judged s = v.of("s");
        assertEquals(Verdict.NON_ATTITUDE, s.verdict());
        assertEquals(List.of("retest: stable", "speed: fast", "speed: flat"), s.reasons());
        assertEquals(Map.of("bundle.retest", "1.0", "bundle.artifacts", "1.1"), s.bundles());
        assertNull(v.of("t"));
    }
}
