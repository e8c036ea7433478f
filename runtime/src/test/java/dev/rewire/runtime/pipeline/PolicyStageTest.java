package dev.rewire.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.runtime.policy.PolicyEngine;
import dev.rewire.testkit.TestSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy that compiles but fails on a batch is retired; the last proven policy decides that batch. */
class PolicyStageTest {

    private static final String RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            rule "weight"
            when
                $s : SampleFact()
            then
                %s
                insert( new Route( $s.getId(), "t", %s, drools.getRule().getName() ) );
            end
            """;

    private static List<Object> facts() {
        Sample s = TestSamples.math("s").completion("a").build();
        return new ArrayList<>(List.of(new SampleFact(s, null, null)));
    }

    private static double weight(PolicyStage.Decided d) {
        return d.decision().routesOf("s").get(0).getWeight();
    }

    @Test
    void aThrowingOrHangingPolicyIsRetiredAndTheProvenOneDecides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.drl");
        Files.writeString(file, RULE.formatted("", "1.0"));
        List<String> log = new ArrayList<>();
        try (BundleCalls calls = new BundleCalls(); PolicyEngine engine = new PolicyEngine(dir, log::add)) {
            PolicyStage stage = new PolicyStage(engine, calls, Duration.ofMillis(500));
            PolicyStage.Decided first = stage.decide(0, facts());
            assertEquals(1.0, weight(first));

            // compiles, then divides by zero on every batch
            Files.writeString(file, RULE.formatted("int zero = 0; int boom = 1 / zero;", "2.0"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
            assertTrue(engine.reloadIfChanged());
            PolicyStage.Decided fallback = stage.decide(1, facts());
            assertEquals(1.0, weight(fallback), "the proven policy decided the batch");
            assertEquals(first.policy().sha256(), fallback.policy().sha256());
            assertEquals(first.policy().sha256(), engine.current().sha256(), "the failed policy is retired");
            assertTrue(log.stream().anyMatch(l -> l.contains("failed: batch 1: ") && l.contains("ArithmeticException")
                    && l.contains("retired, back to policy " + first.policy().sha256().substring(0, 12))), log.toString());

            // an action that never returns costs one budget
            Files.writeString(file, RULE.formatted("while (System.nanoTime() != 0) { java.util.concurrent.locks.LockSupport.parkNanos(1000000000L); }", "3.0"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 4000));
            assertTrue(engine.reloadIfChanged());
            assertEquals(1.0, weight(stage.decide(2, facts())));
            assertTrue(log.stream().anyMatch(l -> l.contains("ran past its budget of 500 ms")), log.toString());
        }
    }

    @Test
    void withNoProvenPolicyTheBatchFailsWithTheReason(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.drl"), RULE.formatted("int zero = 0; int boom = 1 / zero;", "2.0"));
        try (BundleCalls calls = new BundleCalls(); PolicyEngine engine = new PolicyEngine(dir, l -> { })) {
            PolicyStage stage = new PolicyStage(engine, calls, Duration.ofSeconds(5));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> stage.decide(0, facts()));
            assertTrue(e.getMessage().contains("failed on batch 0: ") && e.getMessage().contains("no earlier policy"),
                    e.getMessage());
        }
    }
}
