package dev.rewire.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.runtime.host.policy.PolicyEngine;
import dev.rewire.testkit.TestSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision taken ahead on some check outcomes holds for others exactly when they answer every
 * read the real policy made alike: a metric the rules never read may differ, a status they test
 * may not.
 */
class SpeculatedChecksTest {

    private static final String POLICY = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            import dev.rewire.framework.policy.CheckOutcome;
            import dev.rewire.framework.spi.CheckStatus;
            rule "route"
            when
                $s : SampleFact()
            then
                insert( new Route( $s.getId(), "t", 1.0, drools.getRule().getName() ) );
            end
            rule "halve after a failed calibration"
            when
                CheckOutcome( checkId == "calibration", status == CheckStatus.FAIL, metric( "ece" ) > 0.3 )
                $r : Route( term == "t" )
            then
                $r.scale( 0.5, drools.getRule().getName() );
            end
            """;

    private static CheckOutcome outcome(String id, CheckStatus status, double ece, double brier, long batch) {
        return new CheckOutcome(new CheckResult(id, status, Map.of("ece", ece, "brier", brier), "why"), batch);
    }

    private static List<Object> facts(SpeculatedChecks checks) {
        Sample s = TestSamples.math("s").completion("a").build();
        List<Object> facts = new ArrayList<>(List.of(new SampleFact(s, null, null)));
        facts.addAll(checks.facts());
        return facts;
    }

    @Test
    void onlyWhatThePolicyReadMustAgree(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.drl"), POLICY);
        try (PolicyEngine engine = new PolicyEngine(dir, m -> { })) {
            List<CheckOutcome> known = List.of(outcome("calibration", CheckStatus.PASS, 0.1, 0.2, 3),
                    outcome("sophistry", CheckStatus.WARN, 0.0, 0.0, 3));
            SpeculatedChecks passed = new SpeculatedChecks(known);
            assertEquals(1.0, engine.current().decide(facts(passed)).routesOf("s").get(0).getWeight());

            assertTrue(passed.holdFor(known), "the very outcomes it was decided on");
            assertTrue(passed.holdFor(List.of(outcome("calibration", CheckStatus.PASS, 0.4, 0.9, 4),
                    outcome("sophistry", CheckStatus.FAIL, 1.0, 1.0, 4))),
                    "other metrics, another batch, and a status no rule tests of that check");
            assertFalse(passed.holdFor(List.of(outcome("calibration", CheckStatus.FAIL, 0.4, 0.2, 4),
                    outcome("sophistry", CheckStatus.WARN, 0.0, 0.0, 4))), "a status the rule tests");
            assertFalse(passed.holdFor(known.subList(0, 1)), "fewer outcomes");

            List<CheckOutcome> failed = List.of(outcome("calibration", CheckStatus.FAIL, 0.4, 0.2, 3),
                    outcome("sophistry", CheckStatus.WARN, 0.0, 0.0, 3));
            SpeculatedChecks onFailed = new SpeculatedChecks(failed);
            assertEquals(0.5, engine.current().decide(facts(onFailed)).routesOf("s").get(0).getWeight());
            assertTrue(onFailed.holdFor(List.of(outcome("calibration", CheckStatus.FAIL, 0.4, 0.7, 4),
                    outcome("sophistry", CheckStatus.WARN, 0.0, 0.0, 4))), "brier is never read");
            assertFalse(onFailed.holdFor(List.of(outcome("calibration", CheckStatus.FAIL, 0.2, 0.2, 4),
                    outcome("sophistry", CheckStatus.WARN, 0.0, 0.0, 4))), "ece is read once the status is FAIL");
        }
    }
}
