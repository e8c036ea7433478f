package dev.rewire.runtime.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.testkit.TestSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineTest {

    private static String rule(double weight) {
        return """
                package rewire.test;
                import dev.rewire.framework.policy.SampleFact;
                import dev.rewire.framework.policy.Route;
                rule "everything to t"
                when
                    $s : SampleFact()
                then
                    insert( new Route( $s.getId(), "t", %s, drools.getRule().getName() ) );
                end
                """.formatted(weight);
    }

    private static double weightOf(CompiledPolicy p) {
        Sample s = TestSamples.shape("s", "p", "d", "x").build();
        return p.decide(List.of(new SampleFact(s, null, null))).routesOf("s").get(0).getWeight();
    }

    private static void write(Path file, String content, int secondsLater) throws Exception {
        Files.writeString(file, content);
        // Some file systems keep coarse times; make each edit visibly newer.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    @Test
    void reloadSwapsAndABrokenFileKeepsTheLastGoodPolicy(@TempDir Path dir) throws Exception {
        write(dir.resolve("a.drl"), rule(1.0), 0);
        List<String> log = new ArrayList<>();
        try (PolicyEngine engine = new PolicyEngine(dir, log::add)) {
            CompiledPolicy first = engine.current();
            assertEquals(1.0, weightOf(first));
            assertFalse(engine.reloadIfChanged());

            write(dir.resolve("a.drl"), rule(3.0), 1);
            assertTrue(engine.reloadIfChanged());
            assertEquals(3.0, weightOf(engine.current()));
            assertNotEquals(first.sha256(), engine.current().sha256());

            String good = engine.current().sha256();
            write(dir.resolve("b.drl"), "package rewire.test;\n\nrule \"broken\"\nwhen\n    $s : NoSuchFact( )\nthen\nend\n", 2);
            assertFalse(engine.reloadIfChanged());
            assertEquals(good, engine.current().sha256());
            assertEquals(3.0, weightOf(engine.current()));
            String report = String.join("\n", log);
            assertTrue(report.contains("does not compile; keeping policy " + good.substring(0, 12)), report);
            assertTrue(report.contains(dir.resolve("b.drl") + ":5:"), report);
        }
    }

    @Test
    void revertingToAPolicyCompiledBeforeIsInstantAndEveryReloadIsCounted(@TempDir Path dir) throws Exception {
        write(dir.resolve("a.drl"), rule(1.0), 0);
        List<String> log = new ArrayList<>();
        try (PolicyEngine engine = new PolicyEngine(dir, log::add)) {
            CompiledPolicy first = engine.current();
            write(dir.resolve("a.drl"), rule(2.0), 1);
            assertTrue(engine.reloadIfChanged());
            CompiledPolicy second = engine.current();
            write(dir.resolve("a.drl"), rule(1.0), 2);
            assertTrue(engine.reloadIfChanged());
            // the same compiled policy, not a new build of the same content (the issue: the cache covered
            // only a process's first policy, so a revert compiled again, seconds under load)
            assertSame(first, engine.current());
            assertEquals(1.0, weightOf(engine.current()), "a released-then-reused policy still decides");
            write(dir.resolve("a.drl"), rule(2.0), 3);
            assertTrue(engine.reloadIfChanged());
            assertSame(second, engine.current());
            write(dir.resolve("b.drl"), "rule \"broken\" when then nonsense( end", 4);
            assertFalse(engine.reloadIfChanged());
            PolicyEngine.ReloadStats stats = engine.reloadStats();
            assertEquals(3, stats.reloads());
            assertEquals(1, stats.failures());
            assertTrue(stats.compileSeconds() > 0);
            String report = String.join("\n", log);
            assertTrue(report.contains("(sha256 " + second.sha256().substring(0, 12) + " -> "
                    + first.sha256().substring(0, 12) + ")"), "old and new hashes logged: " + report);
        }
    }

    @Test
    void aPolicyThatDoesNotCompileAtStartIsFatal(@TempDir Path dir) throws Exception {
        write(dir.resolve("x.drl"), "package rewire.test;\n\nrule \"typo\"\nwhen\n    eval( true )\nthn\nend\n", 0);
        PolicyCompileException e = assertThrows(PolicyCompileException.class, () -> new PolicyEngine(dir, m -> { }));
        assertTrue(e.getMessage().contains(dir.resolve("x.drl") + ":7: [ERR 102] Line 7:0 mismatched input"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("x.drl").toString()), e.getMessage());
    }

    @Test
    void anEmptyFolderIsReported(@TempDir Path dir) {
        PolicyCompileException e = assertThrows(PolicyCompileException.class, () -> new PolicyEngine(dir, m -> { }));
        assertTrue(e.getMessage().endsWith("no .drl files"), e.getMessage());
    }

    /** A promoted shadow candidate: the engine serves the other folder's policy and watches that folder from then on. */
    @Test
    void adoptSwitchesToAnotherFolderAndFollowsItsEdits(@TempDir Path dir) throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        Path candidate = Files.createDirectories(dir.resolve("candidate"));
        write(live.resolve("a.drl"), rule(1.0), 0);
        write(candidate.resolve("a.drl"), rule(2.0), 0);
        List<String> log = new ArrayList<>();
        try (PolicyEngine engine = new PolicyEngine(live, log::add)) {
            CompiledPolicy adopted = engine.adopt(candidate);
            assertEquals(adopted, engine.current());
            assertEquals(2.0, weightOf(engine.current()));
            assertEquals(candidate, engine.folder());
            assertFalse(engine.reloadIfChanged(), "nothing changed in the adopted folder");
            write(live.resolve("a.drl"), rule(5.0), 1);
            assertFalse(engine.reloadIfChanged(), "the old folder is no longer followed");
            write(candidate.resolve("a.drl"), rule(4.0), 2);
            assertTrue(engine.reloadIfChanged());
            assertEquals(4.0, weightOf(engine.current()));
            write(candidate.resolve("b.drl"), "rule broken when then", 3);
            assertThrows(PolicyCompileException.class, () -> engine.adopt(candidate));
            assertEquals(4.0, weightOf(engine.current()), "a folder that does not compile is not adopted");
        }
    }
}
