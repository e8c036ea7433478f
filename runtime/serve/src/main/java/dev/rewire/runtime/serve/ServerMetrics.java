package dev.rewire.runtime.serve;

import dev.rewire.runtime.engine.BatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's metrics on a Micrometer Prometheus registry ({@code GET /metrics}) and the same
 * per-term figures under the names trainers log ({@code GET /stats}: {@code rewards/{term}/mean}).
 * The README's metrics table lists every name; {@code examples/grafana/rewire-serve.json} charts them.
 *
 * <ul>
 *   <li>Requests and batches: {@code rewire_requests_seconds{endpoint,status}},
 *       {@code rewire_batch_seconds} (histograms, buckets 1 ms to 10 s), {@code rewire_batch_samples}
 *       (buckets the powers of 2 up to {@code --max-batch}), {@code rewire_stage_seconds_total{stage}}.</li>
 *   <li>Served samples over a window ({@code window} = {@code since_swap}: since the last bundle swap
 *       or policy change; {@code recent}: the last {@value #RECENT} samples):
 *       {@code rewire_term_mean|std|abstain_rate{term,window}}, {@code rewire_reward_mean|std{window}},
 *       {@code rewire_window_samples{window}}.</li>
 *   <li>Checks, the latest window each: {@code rewire_check_value{check,metric}},
 *       {@code rewire_check_status{check}} (0 PASS, 1 WARN, 2 FAIL, -1 INSUFFICIENT, -2 SKIPPED).</li>
 *   <li>Groups: {@code rewire_groups_total{complete}} (whole or not, as the records say).</li>
 *   <li>Events: {@code rewire_policy_reloads_total}, {@code rewire_policy_reload_failures_total},
 *       {@code rewire_policy_compile_seconds_total}, {@code rewire_policy_changes_total},
 *       {@code rewire_bundle_swaps_total}, {@code rewire_blocked_batches_total},
 *       {@code rewire_quarantines_total}, {@code rewire_rejected_samples_total}.</li>
 *   <li>State: {@code rewire_bundle_info{bundle,version}}, {@code rewire_policy_info{sha256}} (always 1),
 *       {@code rewire_quarantined_services}.</li>
 *   <li>The JVM and the process: Micrometer's binders ({@code jvm_memory_*}, {@code jvm_gc_*},
 *       {@code jvm_threads_*}, {@code jvm_classes_*}, {@code process_cpu_usage}, {@code system_cpu_usage},
 *       {@code process_uptime_seconds}, {@code process_files_open_files}).</li>
 * </ul>
 *
 * <p>Swaps and policy changes are noticed when a batch is scored (or the metrics are read) and
 * logged once each with the old and new versions or hashes. Thread safe.
 */
public final class ServerMetrics {

    /** How many of the last served samples the {@code recent} window holds. */
    static final int RECENT = 1000;

    private static final Duration[] SECONDS_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Consumer<String> log;
    private final DistributionSummary batchSamples;
    private final Timer batchTime = Timer.builder("rewire.batch").description("pipeline time per micro-batch")
            .serviceLevelObjectives(SECONDS_BUCKETS).register(registry);
    private final MultiGauge bundleInfo = MultiGauge.builder("rewire.bundle.info")
            .description("bundles serving now (value always 1)").register(registry);
    private final MultiGauge policyInfo = MultiGauge.builder("rewire.policy.info")
            .description("the policy in force (value always 1)").register(registry);
    private final MultiGauge termMean = MultiGauge.builder("rewire.term.mean")
            .description("mean value of a term over a window of served samples").register(registry);
    private final MultiGauge termStd = MultiGauge.builder("rewire.term.std")
            .description("standard deviation of a term over a window").register(registry);
    private final MultiGauge termAbstain = MultiGauge.builder("rewire.term.abstain.rate")
            .description("share of a term's routed samples that abstained, over a window").register(registry);
    private final MultiGauge rewardMean = MultiGauge.builder("rewire.reward.mean")
            .description("mean reward over a window").register(registry);
    private final MultiGauge rewardStd = MultiGauge.builder("rewire.reward.std")
            .description("reward standard deviation over a window").register(registry);
    private final MultiGauge windowSamples = MultiGauge.builder("rewire.window.samples")
            .description("samples in a window").register(registry);
    private final MultiGauge checkValue = MultiGauge.builder("rewire.check.value")
            .description("a check's metric on its latest window").register(registry);
    private final MultiGauge checkStatus = MultiGauge.builder("rewire.check.status")
            .description("a check's status on its latest window: 0 PASS, 1 WARN, 2 FAIL, -1 INSUFFICIENT, -2 SKIPPED")
            .register(registry);
    private final Counter blockedBatches = Counter.builder("rewire.blocked.batches")
            .description("micro-batches a policy rule blocked (their requests got 503)").register(registry);
    private final Counter rejectedSamples = Counter.builder("rewire.rejected.samples")
            .description("request items rejected as unusable (400, or listed under rejected)").register(registry);
    private final Counter bundleSwaps = Counter.builder("rewire.bundle.swaps")
            .description("bundles installed, updated or removed while serving").register(registry);
    private final Counter policyChanges = Counter.builder("rewire.policy.changes")
            .description("policies that came into force while serving (reloads, promotions, rollbacks)").register(registry);
    private final Counter quarantines = Counter.builder("rewire.quarantines")
            .description("services quarantined after a call ran past its deadline").register(registry);
    private final Counter wholeGroups = Counter.builder("rewire.groups").tag("complete", "true")
            .description("groups scored, by whether they were whole (see the README's Groups)").register(registry);
    private final Counter partGroups = Counter.builder("rewire.groups").tag("complete", "false")
            .description("groups scored, by whether they were whole (see the README's Groups)").register(registry);
    private final Map<String, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private final ServingWindows windows = new ServingWindows(RECENT);
    private final CheckBoard checks;
    private volatile HostView host;
    /** What the host looked like at the last look, to notice swaps, policy changes and quarantines. */
    private Map<String, String> seenBundles;
    private String seenPolicy;
    private final java.util.Set<String> seenQuarantined = new java.util.HashSet<>();

    /** @param maxBatch the largest micro-batch, which sizes the batch-samples histogram */
    public ServerMetrics(int maxBatch, Consumer<String> log) {
        this.log = log;
        this.checks = new CheckBoard(log);
        List<Double> sizes = new ArrayList<>();
        for (long n = 1; n < maxBatch; n *= 2) {
            sizes.add((double) n);
        }
        sizes.add((double) maxBatch);
        batchSamples = DistributionSummary.builder("rewire.batch.samples").description("samples per micro-batch")
                .serviceLevelObjectives(sizes.stream().mapToDouble(Double::doubleValue).toArray()).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** From now on the host's figures are reported. */
    public void attach(HostView host) {
        this.host = host;
        Gauge.builder("rewire.quarantined.services", () -> host.quarantined().size())
                .description("services taken out of service after a hung call").register(registry);
        for (String stage : host.stageSeconds().keySet()) {
            FunctionCounter.builder("rewire.stage.seconds", host, h -> h.stageSeconds().get(stage)).tag("stage", stage)
                    .description("pipeline wall time in each stage since start").register(registry);
        }
        FunctionCounter.builder("rewire.policy.reloads", host, h -> h.policyReloads().reloads())
                .description("policy edits compiled and swapped in").register(registry);
        FunctionCounter.builder("rewire.policy.reload.failures", host, h -> h.policyReloads().failures())
                .description("policy edits that did not compile (the last good policy kept serving)").register(registry);
        FunctionCounter.builder("rewire.policy.compile.seconds", host, h -> h.policyReloads().compileSeconds())
                .description("seconds spent compiling policy edits").register(registry);
        synchronized (this) {
            seenBundles = host.bundles();
            seenPolicy = host.policySha256();
        }
    }

    void request(String endpoint, int status, long nanos) {
        requestTimers.computeIfAbsent(endpoint + ' ' + status, k -> Timer.builder("rewire.requests")
                        .tags("endpoint", endpoint, "status", Integer.toString(status))
                        .serviceLevelObjectives(SECONDS_BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Items of a request that could not be scored. */
    void rejected(int items) {
        if (items > 0) {
            rejectedSamples.increment(items);
        }
    }

    /** A micro-batch went through the pipeline (called on the batcher's thread). */
    void batch(BatchResult result, long batchIndex, int samples, long nanos) {
        batchSamples.record(samples);
        batchTime.record(nanos, TimeUnit.NANOSECONDS);
        // before adding: records scored after a swap open the new since-swap window
        observeHost();
        if (result.blockedBy() != null) {
            blockedBatches.increment();
        }
        windows.add(result.records());
        countGroups(result.records());
        checks.update(batchIndex, result.checks());
    }

    /** Records come group by group: one count per group, whole or not. */
    private void countGroups(List<dev.rewire.framework.record.RewardRecord> records) {
        String last = null;
        for (dev.rewire.framework.record.RewardRecord r : records) {
            if (r.group() != null && !r.promptId().equals(last)) {
                (r.group().complete() ? wholeGroups : partGroups).increment();
            }
            last = r.promptId();
        }
    }

    /** Notices bundle swaps, policy changes and new quarantines since the last look; logs and counts each. */
    private synchronized void observeHost() {
        HostView h = host;
        if (h == null) {
            return;
        }
        Map<String, String> bundles = h.bundles();
        String policy = h.policySha256();
        boolean changed = false;
        if (!bundles.equals(seenBundles)) {
            TreeSet<String> names = new TreeSet<>(bundles.keySet());
            names.addAll(seenBundles.keySet());
            for (String name : names) {
                String was = seenBundles.get(name);
                String now = bundles.get(name);
                if (!java.util.Objects.equals(was, now)) {
                    bundleSwaps.increment();
                    log.accept("serve: bundle swap: " + name + " " + (was == null ? "(none)" : was) + " -> "
                            + (now == null ? "(removed)" : now));
                }
            }
            seenBundles = bundles;
            changed = true;
        }
        if (!policy.equals(seenPolicy)) {
            policyChanges.increment();
            log.accept("serve: policy change: sha256 " + seenPolicy.substring(0, 12) + " -> " + policy.substring(0, 12)
                    + "; term and reward figures start a new since_swap window");
            seenPolicy = policy;
            changed = true;
        }
        if (changed) {
            windows.restart();
        }
        Map<String, String> quarantined = h.quarantined();
        for (Map.Entry<String, String> q : quarantined.entrySet()) {
            if (seenQuarantined.add(q.getKey())) {
                quarantines.increment();
            }
        }
        seenQuarantined.retainAll(quarantined.keySet());
    }

    /** The Prometheus text exposition, with the host's current bundles, policy, windows and checks. */
    public String scrape() {
        HostView h = host;
        if (h != null) {
            observeHost();
            refresh(h);
        }
        return registry.scrape();
    }

    private synchronized void refresh(HostView h) {
        Map<String, ServingWindows.Figures> byWindow = new LinkedHashMap<>();
        byWindow.put("since_swap", windows.sinceSwap());
        byWindow.put("recent", windows.recent());
        List<MultiGauge.Row<?>> means = new ArrayList<>();
        List<MultiGauge.Row<?>> stds = new ArrayList<>();
        List<MultiGauge.Row<?>> abstains = new ArrayList<>();
        List<MultiGauge.Row<?>> rewardMeans = new ArrayList<>();
        List<MultiGauge.Row<?>> rewardStds = new ArrayList<>();
        List<MultiGauge.Row<?>> sizes = new ArrayList<>();
        byWindow.forEach((window, f) -> {
            f.terms().forEach((term, t) -> {
                Tags tags = Tags.of("term", term, "window", window);
                means.add(MultiGauge.Row.of(tags, t.mean()));
                stds.add(MultiGauge.Row.of(tags, t.std()));
                abstains.add(MultiGauge.Row.of(tags, t.abstainRate()));
            });
            rewardMeans.add(MultiGauge.Row.of(Tags.of("window", window), f.rewardMean()));
            rewardStds.add(MultiGauge.Row.of(Tags.of("window", window), f.rewardStd()));
            sizes.add(MultiGauge.Row.of(Tags.of("window", window), f.samples()));
        });
        termMean.register(means, true);
        termStd.register(stds, true);
        termAbstain.register(abstains, true);
        rewardMean.register(rewardMeans, true);
        rewardStd.register(rewardStds, true);
        windowSamples.register(sizes, true);
        List<MultiGauge.Row<?>> values = new ArrayList<>();
        List<MultiGauge.Row<?>> statuses = new ArrayList<>();
        checks.latest().forEach((check, latest) -> {
            latest.result().metrics().forEach((metric, v) -> {
                if (v != null) {
                    values.add(MultiGauge.Row.of(Tags.of("check", check, "metric", metric), v));
                }
            });
            statuses.add(MultiGauge.Row.of(Tags.of("check", check), CheckBoard.code(latest.result().status())));
        });
        checkValue.register(values, true);
        checkStatus.register(statuses, true);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        h.bundles().forEach((bundle, version) -> rows.add(MultiGauge.Row.of(Tags.of("bundle", bundle, "version", version), 1)));
        bundleInfo.register(rows, true);
        policyInfo.register(List.of(MultiGauge.Row.of(Tags.of("sha256", h.policySha256()), 1)), true);
    }

    /** The checks' latest windows, for {@code /ready}. */
    Map<String, Object> checks() {
        return checks.describe();
    }

    /**
     * Per-term figures under the names TRL logs its reward functions by ({@code rewards/{term}/mean},
     * {@code /std}) plus {@code /abstain_rate}, {@code /zero_variance_share} and {@code /routed},
     * and the reward's, over the samples since the last swap or policy change; the same over the
     * last {@value #RECENT} samples under {@code recent/}; and the checks' latest windows.
     */
    public Map<String, Object> trainerStats() {
        Map<String, Object> out = new LinkedHashMap<>();
        HostView h = host;
        if (h == null) {
            return out;
        }
        observeHost();
        ServingWindows.Figures since = windows.sinceSwap();
        put(out, "", since);
        put(out, "recent/", windows.recent());
        out.put("policy", h.policySha256());
        Map<String, Object> window = new HashMap<>();
        window.put("since_swap_samples", since.samples());
        window.put("recent_size", windows.recentSize());
        out.put("window", window);
        out.put("checks", checks.describe());
        return out;
    }

    private static void put(Map<String, Object> out, String prefix, ServingWindows.Figures f) {
        f.terms().forEach((term, t) -> {
            out.put(prefix + "rewards/" + term + "/mean", finite(t.mean()));
            out.put(prefix + "rewards/" + term + "/std", finite(t.std()));
            out.put(prefix + "rewards/" + term + "/abstain_rate", finite(t.abstainRate()));
            out.put(prefix + "rewards/" + term + "/zero_variance_share", finite(t.zeroVarianceShare()));
            out.put(prefix + "rewards/" + term + "/routed", t.routed());
        });
        out.put(prefix + "reward", finite(f.rewardMean()));
        out.put(prefix + "reward_std", finite(f.rewardStd()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
