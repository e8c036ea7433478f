package dev.rewire.runtime.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.testkit.TestSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions remembered across batches: for a policy whose gates read the last batch's check
 * outcomes (status, a metric, and the batch index in a block's message), batch after batch, what
 * the memo decides equals what a whole session decides, most batches run no session, and the reads
 * a remembered decision rests on reach the outcomes given, as a speculation needs.
 */
class DecisionMemoTest {

    private static final String POLICY = """
            package rewire.test;
            import dev.rewire.framework.policy.*;
            import dev.rewire.framework.model.Verdict;
            import dev.rewire.framework.spi.CheckStatus;
            rule "math"
            when
                $s : SampleFact( domain == "math", hasReference )
            then
                insert( new Route( $s.getId(), "exact_match", 1.0, drools.getRule().getName() ) );
            end
            rule "chat"
            when
                $s : SampleFact( domain == "chat" )
            then
                insert( new Route( $s.getId(), "approval", 1.0, drools.getRule().getName() ) );
            end
            rule "artifact"
            when
                $s : SampleFact( verdict == Verdict.ARTIFACT )
                $r : Route( sampleId == $s.id, term == "approval" )
            then
                $r.scale( 0.0, drools.getRule().getName() );
            end
            rule "calibration failed"
            when
                CheckOutcome( checkId == "calibration", status == CheckStatus.FAIL )
                $r : Route( term == "exact_match" )
            then
                $r.scale( 1.5, drools.getRule().getName() );
            end
            rule "block"
            when
                $c : CheckOutcome( checkId == "calibration", status == CheckStatus.FAIL, metric( "ece" ) > 0.5 )
            then
                insert( new BatchAction( BatchAction.Kind.BLOCK, "ECE " + $c.metric( "ece" ) + " on batch " + $c.getBatchIndex(),
                        drools.getRule().getName() ) );
            end
            """;

    @Test
    void batchAfterBatchTheMemoDecidesWhatAWholeSessionDecides(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.drl"), POLICY);
        CompiledPolicy policy = new PolicyCompiler().compile(dir);
        assertTrue(policy.independence().isProven(), policy.independence().reason());
        assertTrue(policy.independence().rememberable());
        CompiledPolicy whole = policy.wholeSessions();
        Random random = null;
        String[] domains = {"math", "chat", "qa"};
        Verdict[] verdicts = {null, Verdict.ARTIFACT};
        List<List<CheckResult>> states = List.of(
                List.of(new CheckResult("calibration", CheckStatus.PASS, Map.of("ece", 0.1), ""),
                        new CheckResult("sophistry", CheckStatus.PASS, Map.of(), "")),
                List.of(new CheckResult("calibration", CheckStatus.FAIL, Map.of("ece", 0.3), ""),
                        new CheckResult("sophistry", CheckStatus.PASS, Map.of(), "")),
                List.of(new CheckResult("calibration", CheckStatus.FAIL, Map.of("ece", 0.8), ""),
                        new CheckResult("sophistry", CheckStatus.FAIL, Map.of(), "")));
        int blocks = 0;
        for (int batch = 0; batch < 360; batch++) {
            if (batch % 120 == 0) {
                random = new Random(batch / 120 + 1); // a seed per block of batches
            }
            List<Object> facts = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            int n = 1 + random.nextInt(200);
            for (int i = 0; i < n; i++) {
                String id = batch + "-" + i;
                Sample s = TestSamples.shape(id, "p", domains[random.nextInt(3)], "dataset")
                        .reference(random.nextBoolean() ? "4" : null).build();
                facts.add(new SampleFact(s, verdicts[random.nextInt(2)], List.of()));
                ids.add(id);
            }
            facts.add(new BatchContext(batch, n, n, Set.of("exact_match", "approval")));
            // mostly the same state for a while, as check outcomes go
            for (CheckResult c : states.get(batch / 7 % states.size())) {
                facts.add(new CheckOutcome(c, batch - 1));
            }
            PolicyDecision remembered = policy.decide(facts);
            PolicyDecision full = whole.decide(facts);
            for (String id : ids) {
                assertEquals(describe(full.routesOf(id)), describe(remembered.routesOf(id)), id);
            }
            List<String> actions = full.actions().stream().map(a -> a.getKind() + " " + a.getReason()).toList();
            assertEquals(actions, remembered.actions().stream().map(a -> a.getKind() + " " + a.getReason()).toList());
            blocks += actions.size();
        }
        assertTrue(blocks > 0, "the block's message names each batch: it is never taken from memory");
        DecisionMemo memo = policy.memo();
        assertTrue(memo.fromMemory() > 180, memo.fromMemory() + " of 360 batches decided from memory");
        assertEquals(360, memo.fromMemory() + memo.sessions());
    }

    @Test
    void aDecisionFromMemoryReportsTheReadsItRestsOn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.drl"), POLICY);
        CompiledPolicy policy = new PolicyCompiler().compile(dir);
        CheckResult pass = new CheckResult("calibration", CheckStatus.PASS, Map.of("ece", 0.1), "");
        Sample s = TestSamples.shape("s", "p", "math", "dataset").reference("4").build();
        policy.decide(List.of(new SampleFact(s, null, List.of()), new CheckOutcome(pass, 0)));
        long before = policy.memo().fromMemory();
        Set<String> reads = new TreeSet<>();
        CheckOutcome speculated = new CheckOutcome(pass, 1).reportingReads(reads::add);
        PolicyDecision d = policy.decide(List.of(new SampleFact(s, null, List.of()), speculated));
        assertEquals(before + 1, policy.memo().fromMemory());
        assertEquals(1.0, d.routesOf("s").get(0).getWeight());
        assertEquals(Set.of("checkId", "status"), reads, "what the remembered session read of the outcome");
    }

    private static List<String> describe(List<Route> routes) {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.getSampleId() + " " + r.getTerm() + " " + Double.doubleToLongBits(r.getWeight()) + " " + r.getSteps());
        }
        out.sort(null);
        return out;
    }
}
