package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.runtime.host.policy.PolicyEngine;
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

    private static final String POISON_RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            rule "weight"
            when
                $s : SampleFact()
            then
                insert( new Route( $s.getId(), "t", 1.0, drools.getRule().getName() ) );
            end
            rule "trips on poison"
            when
                $s : SampleFact( id.startsWith("poison") )
            then
                throw new IllegalArgumentException("cannot weigh " + $s.getId());
            end
            """;

    private static List<Sample> samples(String... ids) {
        List<Sample> out = new ArrayList<>();
        for (String id : ids) {
            out.add(TestSamples.math(id).completion("a").build());
        }
        return out;
    }

    private static List<Object> factsOf(List<Sample> part) {
        List<Object> facts = new ArrayList<>();
        part.forEach(s -> facts.add(new SampleFact(s, null, null)));
        return facts;
    }

    @Test
    void samplesThePolicyThrowsOnAloneArePoisonedAndTheRestIsDecided(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.drl"), POISON_RULE);
        List<String> log = new ArrayList<>();
        try (BundleCalls calls = new BundleCalls(); PolicyEngine engine = new PolicyEngine(dir, log::add)) {
            PolicyStage stage = new PolicyStage(engine, calls, Duration.ofSeconds(5));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(i == 7 || i == 31 ? "poison-" + i : "ok-" + i);
            }
            // the first batch of the first policy: no earlier policy to fall back on, and none needed
            PolicyStage.Decided d = stage.decide(0, samples(ids.toArray(String[]::new)), PolicyStageTest::factsOf);
            assertEquals(List.of("poison-7", "poison-31"), List.copyOf(d.poisoned().keySet()));
            assertTrue(d.poisoned().get("poison-7").contains("threw on this sample: rule \"trips on poison\": "
                    + "IllegalArgumentException: cannot weigh poison-7"), d.poisoned().toString());
            assertEquals(38, d.decision().routes().size(), "every other sample is decided");
            assertTrue(d.decision().routesOf("poison-7").isEmpty());
            assertEquals(d.policy().sha256(), engine.current().sha256(), "the policy stays in force");
            assertTrue(log.stream().noneMatch(l -> l.contains("retired") || l.contains("failed")), log.toString());

            // a batch of one poisoned sample, and no other policy to try it with: the sample is rejected
            PolicyStage.Decided alone = stage.decide(1, samples("poison-x"), PolicyStageTest::factsOf);
            assertTrue(alone.poisoned().get("poison-x").contains("rule \"trips on poison\""), alone.poisoned().toString());
            assertTrue(alone.decision().routes().isEmpty());
            assertEquals(d.policy().sha256(), engine.current().sha256(), "the policy stays in force");
        }
    }

    @Test
    void aPolicyThatThrowsOnEverySampleIsRetiredNotItsSamples(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.drl");
        Files.writeString(file, RULE.formatted("", "1.0"));
        List<String> log = new ArrayList<>();
        try (BundleCalls calls = new BundleCalls(); PolicyEngine engine = new PolicyEngine(dir, log::add)) {
            PolicyStage stage = new PolicyStage(engine, calls, Duration.ofSeconds(5));
            List<Sample> batch = samples("s", "t", "u", "v");
            String good = stage.decide(0, batch, PolicyStageTest::factsOf).policy().sha256();
            Files.writeString(file, RULE.formatted("int zero = 0; int boom = 1 / zero;", "2.0"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
            assertTrue(engine.reloadIfChanged());
            PolicyStage.Decided d = stage.decide(1, batch, PolicyStageTest::factsOf);
            assertTrue(d.poisoned().isEmpty(), d.poisoned().toString());
            assertEquals(good, d.policy().sha256(), "the proven policy decided the batch");
            assertEquals(4, d.decision().routes().size());
        }
    }
}
