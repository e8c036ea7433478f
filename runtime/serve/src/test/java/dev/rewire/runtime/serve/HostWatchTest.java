package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Swaps, policy changes and quarantines noticed between looks: logged once, counted, windows restarted. */
class HostWatchTest {

    private final MutableHost host = new MutableHost();
    private final List<String> log = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private HostWatch watch() {
        HostWatch w = new HostWatch(host, restarts::incrementAndGet, log::add);
        w.bindTo(registry);
        return w;
    }

    private double count(String name) {
        return registry.get(name).functionCounter().count();
    }

    @Test
    void aBundleSwapIsLoggedPerBundleCountedAndRestartsTheWindowsOnce() {
        HostWatch w = watch();
        w.observe();
        assertEquals(List.of(), log, "what served at the start is no swap");
        host.bundles = Map.of("dev.rewire.terms.answer", "1.1.0", "probe", "2.0.0");
        w.observe();
        w.observe();
        assertEquals(List.of("serve: bundle swap: dev.rewire.terms.answer 1.0.0 -> 1.1.0", "serve: bundle swap: probe (none) -> 2.0.0"),
                log);
        assertEquals(2.0, count("rewire.bundle.swaps"));
        assertEquals(1, restarts.get());
        host.bundles = Map.of("dev.rewire.terms.answer", "1.1.0");
        w.observe();
        assertEquals("serve: bundle swap: probe 2.0.0 -> (removed)", log.get(2));
        assertEquals(3.0, count("rewire.bundle.swaps"));
    }

    @Test
    void aPolicyChangeIsLoggedWithBothHashesAndRestartsTheWindows() {
        HostWatch w = watch();
        host.policy = "b".repeat(64);
        w.refresh();
        assertEquals(List.of("serve: policy change: sha256 aaaaaaaaaaaa -> bbbbbbbbbbbb; term and reward figures start a new "
                + "since_swap window"), log);
        assertEquals(1.0, count("rewire.policy.changes"));
        assertEquals(1, restarts.get());
        assertEquals(1.0, registry.get("rewire.policy.info").tag("sha256", "b".repeat(64)).gauge().value());
        assertEquals(1.0, registry.get("rewire.bundle.info").tags("bundle", "dev.rewire.terms.answer", "version", "1.0.0")
                .gauge().value());
    }

    @Test
    void aQuarantineCountsOnceWhileItLastsAndAgainWhenItComesBack() {
        HostWatch w = watch();
        host.quarantined = Map.of("probe (probe 1.0.0)", "timeout after 5000 ms");
        w.observe();
        w.observe();
        assertEquals(1.0, count("rewire.quarantines"));
        assertEquals(1.0, registry.get("rewire.quarantined.services").gauge().value());
        host.quarantined = Map.of();
        w.observe();
        host.quarantined = Map.of("probe (probe 1.0.0)", "timeout after 5000 ms");
        w.observe();
        assertEquals(2.0, count("rewire.quarantines"));
        assertEquals(0, restarts.get(), "a quarantine is no swap");
        assertEquals(new ArrayList<>(), log);
    }
}
