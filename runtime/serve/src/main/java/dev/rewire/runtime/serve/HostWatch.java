package dev.rewire.runtime.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The host as the server reports it: notices bundle swaps, policy changes and new quarantines since
 * the last look, logs each once with the old and new versions or hashes, counts it, and tells
 * {@code onChange} of a swap or policy change (the serving windows start their {@code since_swap}
 * window over); and gauges what serves now. Looks are taken when a batch has been scored and
 * when the metrics or {@code /stats} are read.
 *
 * <p>Meters: {@code rewire_bundle_swaps_total}, {@code rewire_policy_changes_total},
 * {@code rewire_quarantines_total}, {@code rewire_quarantined_services},
 * {@code rewire_bundle_info{bundle,version}}, {@code rewire_policy_info{sha256}} (always 1).
 * Thread safe.
 */
final class HostWatch implements LiveMeters {

    private final HostView host;
    private final Runnable onChange;
    private final Consumer<String> log;
    private final AtomicLong bundleSwaps = new AtomicLong();
    private final AtomicLong policyChanges = new AtomicLong();
    private final AtomicLong quarantines = new AtomicLong();
    /** What the host looked like at the last look. */
    private Map<String, String> seenBundles;
    private String seenPolicy;
    private final Set<String> seenQuarantined = new HashSet<>();
    private MultiGauge bundleInfo;
    private MultiGauge policyInfo;

    HostWatch(HostView host, Runnable onChange, Consumer<String> log) {
        this.host = host;
        this.onChange = onChange;
        this.log = log;
        this.seenBundles = host.bundles();
        this.seenPolicy = host.policySha256();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("rewire.bundle.swaps", bundleSwaps, AtomicLong::get)
                .description("bundles installed, updated or removed while serving").register(registry);
        FunctionCounter.builder("rewire.policy.changes", policyChanges, AtomicLong::get)
                .description("policies that came into force while serving (reloads, promotions, rollbacks)").register(registry);
        FunctionCounter.builder("rewire.quarantines", quarantines, AtomicLong::get)
                .description("services quarantined after a call ran past its deadline").register(registry);
        Gauge.builder("rewire.quarantined.services", host, h -> h.quarantined().size())
                .description("services taken out of service after a hung call").register(registry);
        MultiGauge bundles = MultiGauge.builder("rewire.bundle.info")
                .description("bundles serving now (value always 1)").register(registry);
        MultiGauge policy = MultiGauge.builder("rewire.policy.info")
                .description("the policy in force (value always 1)").register(registry);
        synchronized (this) {
            bundleInfo = bundles;
            policyInfo = policy;
        }
    }

    /** Notices bundle swaps, policy changes and new quarantines since the last look; logs and counts each. */
    synchronized void observe() {
        Map<String, String> bundles = host.bundles();
        String policy = host.policySha256();
        boolean changed = false;
        if (!bundles.equals(seenBundles)) {
            TreeSet<String> names = new TreeSet<>(bundles.keySet());
            names.addAll(seenBundles.keySet());
            for (String name : names) {
                String was = seenBundles.get(name);
                String now = bundles.get(name);
                if (!Objects.equals(was, now)) {
                    bundleSwaps.incrementAndGet();
                    log.accept("serve: bundle swap: " + name + " " + (was == null ? "(none)" : was) + " -> "
                            + (now == null ? "(removed)" : now));
                }
            }
            seenBundles = bundles;
            changed = true;
        }
        if (!policy.equals(seenPolicy)) {
            policyChanges.incrementAndGet();
            log.accept("serve: policy change: sha256 " + seenPolicy.substring(0, 12) + " -> " + policy.substring(0, 12)
                    + "; term and reward figures start a new since_swap window");
            seenPolicy = policy;
            changed = true;
        }
        if (changed) {
            onChange.run();
        }
        Map<String, String> quarantined = host.quarantined();
        for (String service : quarantined.keySet()) {
            if (seenQuarantined.add(service)) {
                quarantines.incrementAndGet();
            }
        }
        seenQuarantined.retainAll(quarantined.keySet());
    }

    @Override
    public synchronized void refresh() {
        observe();
        if (bundleInfo == null) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        host.bundles().forEach((bundle, version) -> rows.add(MultiGauge.Row.of(Tags.of("bundle", bundle, "version", version), 1)));
        bundleInfo.register(rows, true);
        policyInfo.register(List.of(MultiGauge.Row.of(Tags.of("sha256", host.policySha256()), 1)), true);
    }
}
