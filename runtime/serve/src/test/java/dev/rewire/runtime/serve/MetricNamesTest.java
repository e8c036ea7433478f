package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.testkit.TestSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The names and types {@code GET /metrics} exposes once serving, pinned: the Grafana dashboard
 * (examples/grafana/rewire-serve.json), alerts and ServeMetricsIT read them, so a rename, a lost
 * meter or a new one fails here first. Every component is bound as {@link RewireService} binds it,
 * and fed one batch, so meters with rows per term, check and bundle have some.
 */
class MetricNamesTest {

    /**
     * Every rewire_ family with its Prometheus type: the names before issue 24, plus the four its
     * connection guard and group barrier added (rewire_connections_open|refused_total|evicted_total,
     * rewire_groups_waiting).
     */
    static final Map<String, String> REWIRE = new TreeMap<>(Map.ofEntries(
            Map.entry("rewire_batch_samples", "histogram"),
            Map.entry("rewire_batch_samples_max", "gauge"),
            Map.entry("rewire_batch_seconds", "histogram"),
            Map.entry("rewire_batch_seconds_max", "gauge"),
            Map.entry("rewire_blocked_batches_total", "counter"),
            Map.entry("rewire_bundle_info", "gauge"),
            Map.entry("rewire_bundle_swaps_total", "counter"),
            Map.entry("rewire_check_status", "gauge"),
            Map.entry("rewire_check_value", "gauge"),
            Map.entry("rewire_connections_evicted_total", "counter"),
            Map.entry("rewire_connections_open", "gauge"),
            Map.entry("rewire_connections_refused_total", "counter"),
            Map.entry("rewire_groups_total", "counter"),
            Map.entry("rewire_groups_waiting", "gauge"),
            Map.entry("rewire_policy_changes_total", "counter"),
            Map.entry("rewire_policy_compile_seconds_total", "counter"),
            Map.entry("rewire_policy_info", "gauge"),
            Map.entry("rewire_policy_reload_failures_total", "counter"),
            Map.entry("rewire_policy_reloads_total", "counter"),
            Map.entry("rewire_quarantined_services", "gauge"),
            Map.entry("rewire_quarantines_total", "counter"),
            Map.entry("rewire_rejected_samples_total", "counter"),
            Map.entry("rewire_requests_seconds", "histogram"),
            Map.entry("rewire_requests_seconds_max", "gauge"),
            Map.entry("rewire_reward_mean", "gauge"),
            Map.entry("rewire_reward_std", "gauge"),
            Map.entry("rewire_stage_seconds_total", "counter"),
            Map.entry("rewire_term_abstain_rate", "gauge"),
            Map.entry("rewire_term_mean", "gauge"),
            Map.entry("rewire_term_std", "gauge"),
            Map.entry("rewire_window_samples", "gauge")));

    /** The JVM and process families the README names (a few per binder; the full set depends on the JVM and GC). */
    static final List<String> JVM = List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
            "process_cpu_usage", "system_cpu_count", "process_uptime_seconds", "process_files_open_files");

    /** {@code # TYPE name type} lines of a Prometheus text exposition, counters under their {@code _total} name. */
    static Map<String, String> families(String exposition) {
        Map<String, String> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                String name = parts[2];
                out.put(parts[3].equals("counter") && !name.endsWith("_total") ? name + "_total" : name, parts[3]);
            }
        }
        return out;
    }

    @Test
    void metricsExposesExactlyThePinnedNamesOnceServing() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        RewardServer server = new RewardServer(new ServeOptions("127.0.0.1", 0, null, 4, 1, 1000, Domains.none(), 0, 100),
                metrics, line -> { });
        MutableHost host = new MutableHost();
        ServingWindows windows = new ServingWindows(ServingWindows.RECENT);
        CheckBoard checks = new CheckBoard(line -> { });
        HostWatch watch = new HostWatch(host, windows::restart, line -> { });
        List<CheckResult> checkResults = List.of(new CheckResult("calibration", CheckStatus.PASS, Map.of("ece", 0.1), "fine"));
        try (MicroBatcher batcher = new MicroBatcher(batch -> scored(batch, checkResults), 4, 1, 60_000,
                (result, index, samples, nanos) -> {
                    watch.observe();
                    windows.add(result.records());
                    checks.update(index, result.checks());
                }, line -> { }, reason -> { });
             GroupBarrier barrier = new GroupBarrier(batcher, 100)) {
            RewireService.meters(batcher, barrier, watch, host, windows, checks).forEach(metrics::bind);
            barrier.submit(List.of(TestSamples.math("a", "p").build(), TestSamples.math("b", "p").build()), 0)
                    .get(60, TimeUnit.SECONDS);
            metrics.request("/v1/score", 200, 1_000_000);
            metrics.rejected(1);

            Map<String, String> exposed = families(metrics.scrape());
            Map<String, String> rewire = new TreeMap<>(exposed);
            rewire.keySet().removeIf(name -> !name.startsWith("rewire_"));
            assertEquals(REWIRE, rewire);
            for (String name : JVM) {
                assertEquals(true, exposed.containsKey(name), name + " among " + exposed.keySet());
            }
        } finally {
            server.shutdown(0);
        }
    }

    /** One record per sample with a term, group by group, as the pipeline writes them; the checks measured a window. */
    private static BatchResult scored(Batch batch, List<CheckResult> checks) {
        List<RewardRecord> records = new ArrayList<>();
        for (Group g : batch.groups()) {
            for (Sample s : g.samples()) {
                records.add(ServeFixtures.record(s.id(), s.promptId(), batch.index(), 1.0, GroupInfo.of(g), "exact_match", 1.0));
            }
        }
        return new BatchResult(records, checks, null, "cpu", List.of());
    }
}
