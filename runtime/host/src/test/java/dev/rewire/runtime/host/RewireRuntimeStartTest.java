package dev.rewire.runtime.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.spi.ScoringOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host that starts whole or not at all: a part that fails closes every part started before it. */
class RewireRuntimeStartTest {

    private static final Path DIST = Path.of(System.getProperty("rewire.dist"));

    private static RuntimeOptions options(Path policy, Path deploy) {
        return new RuntimeOptions(DIST, policy, deploy, ScoringOptions.DEFAULT, Duration.ofMillis(50),
                new PipelineLimits(PipelineLimits.DEFAULT_TERM_TIMEOUT, 1, PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES));
    }

    /**
     * The host's own threads and Felix's, by name: what a failed start must not leave running. Felix's
     * resolver pool ("FelixResolver-N") is left out: daemon threads of a pool whose idle threads end
     * after 60 s of their own accord (Felix 7's StatefulResolver), holding nothing of the stopped framework.
     */
    private static Set<String> hostThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("rewire-") || n.startsWith("Felix") && !n.startsWith("FelixResolver-")
                        || n.startsWith("SCR Component Actor") || n.startsWith("fileinstall"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Waits (bounded) for threads that were asked to stop to end; returns what is still alive. */
    private static Set<String> settled(Set<String> before) throws InterruptedException {
        Set<String> left = null;
        for (int i = 0; i < 100; i++) {
            left = hostThreads();
            left.removeAll(before);
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        }
        return left;
    }

    private static List<Path> felixCaches() throws Exception {
        List<Path> caches = new ArrayList<>();
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            entries.filter(p -> p.getFileName().toString().startsWith("rewire-felix")).forEach(caches::add);
        }
        return caches;
    }

    @Test
    void aPolicyThatDoesNotCompileStopsTheStartAndLeavesNoFrameworkRunning(@TempDir Path dir) throws Exception {
        Path policy = Files.createDirectories(dir.resolve("policy"));
        Files.writeString(policy.resolve("broken.drl"), "package rewire.test;\nrule \"unfinished\"\nwhen\n");
        Set<String> before = hostThreads();
        List<Path> cachesBefore = felixCaches();

        RewireRuntime.StartupException e = assertThrows(RewireRuntime.StartupException.class,
                () -> RewireRuntime.start(options(policy, null), line -> { }));

        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("broken.drl"), e.getMessage());
        assertEquals(Set.of(), settled(before), "threads left running by the failed start");
        // other hosts' folders may go meanwhile (a start removes those of processes that are gone): none may come
        List<Path> added = felixCaches();
        added.removeAll(cachesBefore);
        assertEquals(List.of(), added, "no OSGi cache folder left behind");
    }

    @Test
    void aStartedHostClosesEveryPartItStarted(@TempDir Path dir) throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Set<String> before = hostThreads();
        try (RewireRuntime runtime = RewireRuntime.start(options(DIST.resolve("policy"), deploy), line -> { })) {
            assertTrue(runtime.felix().bundles().size() > 0, "the built-in bundles are installed");
            assertEquals(runtime.policy(), runtime.injector().getInstance(
                    dev.rewire.runtime.host.policy.PolicyEngine.class), "the injector hands out the started parts");
            assertTrue(hostThreads().contains("rewire-policy-watcher"), hostThreads().toString());
        }
        assertEquals(Set.of(), settled(before), "threads left running after close");
    }
}
