package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.runtime.host.osgi.FelixHost;
import dev.rewire.runtime.host.osgi.HostSettings;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a check over a whole run has its own deadline. On a 251k-sample report, under load,
 * the whole-run checks ran past the per-batch deadline and were SKIPPED with advice to redeploy
 * the bundle; now the message names the option that sets the whole-run deadline, and a slow
 * whole-run check is not quarantined (on real Felix, with a check service registered in it).
 */
class WholeRunCheckDeadlineTest {

    private static final Path DIST = Path.of(System.getProperty("rewire.dist", "target/rewire"));

    /** A check that takes its time over a whole run: it waits until released (or 10 s). */
    private static final class SlowCheck implements BatchCheck {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String id() {
            return "slow_whole_run";
        }

        @Override
        public CheckResult check(ScoredBatch batch) {
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CheckResult(id(), CheckStatus.PASS, Map.of("n", (double) batch.samples().size()), "fine");
        }
    }

    @Test
    void aWholeRunCheckPastItsDeadlineNamesTheOptionAndIsNotQuarantined() throws Exception {
        ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        SlowCheck slow = new SlowCheck();
        try (FelixHost host = new FelixHost(new HostSettings(DIST.resolve("system"), DIST.resolve("bundles"), null,
                Duration.ofMillis(100)), messages::add);
             BundleCalls calls = new BundleCalls()) {
            host.start();
            host.context().registerService(BatchCheck.class, slow, null);
            try (ServiceCatalog<BatchCheck> checks = new ServiceCatalog<>(host.context(), BatchCheck.class,
                    BatchCheck::id, Duration.ofSeconds(5), Duration.ofSeconds(5), messages::add)) {
                CheckWindow totals = CheckWindow.wholeRun(checks, calls, Duration.ofMillis(200), 1, messages::add);
                CheckResult result = totals.runAll(new ScoredBatch(-1, List.of())).stream()
                        .filter(r -> r.checkId().equals("slow_whole_run")).findFirst().orElseThrow();
                slow.release.countDown();
                assertEquals(CheckStatus.SKIPPED, result.status());
                assertEquals("timeout after 200 ms (the deadline --run-check-timeout-ms sets)", result.message());
                assertTrue(checks.quarantined().isEmpty(), "a slow whole-run check is not a hung bundle: "
                        + checks.quarantined());
            }
        }
    }
}
