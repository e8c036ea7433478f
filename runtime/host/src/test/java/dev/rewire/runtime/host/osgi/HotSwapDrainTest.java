package dev.rewire.runtime.host.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Real Felix, real bundles: while four threads call exact_match without pause, its bundle is
 * updated in place again and again. No call may fail or find the term missing.
 */
class HotSwapDrainTest {

    private static final Path DIST = Path.of(System.getProperty("rewire.dist", "target/rewire"));

    @Test
    void callersNeverSeeAGapOrAnErrorWhileTheBundleIsUpdated() throws Exception {
        ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        try (FelixHost host = new FelixHost(new HostSettings(DIST.resolve("system"), DIST.resolve("bundles"), null,
                Duration.ofMillis(100)), messages::add)) {
            host.start();
            try (ServiceCatalog<RewardTerm> terms = new ServiceCatalog<>(host.context(), RewardTerm.class,
                    RewardTerm::id, Duration.ofSeconds(5), Duration.ofSeconds(5), messages::add)) {
                assertEquals(Set.of("approval", "exact_match", "format", "length_penalty", "majority_vote", "rlcr_brier",
                        "rm_score", "self_confidence", "verbosity"), terms.ids(), "every built-in term is deployed");
                Sample s = TestSamples.math("s").completion("\\boxed{4}").reference("4").build();
                Group g = new Group("p", List.of(s));
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong calls = new AtomicLong();
                ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
                List<Thread> callers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    Thread th = new Thread(() -> {
                        while (running.get()) {
                            try (Lease<RewardTerm> lease = terms.acquire("exact_match")) {
                                if (lease == null) {
                                    failures.add("exact_match missing");
                                    continue;
                                }
                                TermResult r = lease.service().evaluate(g).get(0);
                                if (r.value() != 1.0) {
                                    failures.add("value " + r.value() + " " + r.reason());
                                }
                                calls.incrementAndGet();
                            } catch (RuntimeException e) {
                                failures.add(e.toString());
                            }
                        }
                    });
                    th.start();
                    callers.add(th);
                }
                Bundle answer = find(host, "dev.rewire.terms.answer");
                for (int i = 0; i < 5; i++) {
                    Thread.sleep(50);
                    answer.update();
                }
                Thread.sleep(100);
                running.set(false);
                for (Thread th : callers) {
                    th.join(10_000);
                }
                assertEquals(List.of(), List.copyOf(failures));
                assertTrue(calls.get() > 100, "calls: " + calls.get());
                assertEquals(Bundle.ACTIVE, answer.getState());
                assertEquals(List.of(), List.copyOf(messages), "no drain timed out, no bundle failed");
            }
        }
    }

    private static Bundle find(FelixHost host, String bsn) {
        for (Bundle b : host.context().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(bsn + " not installed");
    }
}
