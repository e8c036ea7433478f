package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: what an operator sees of {@code rewire serve}, read from {@code /metrics} through a
 * Prometheus text parser: the checks' results per window (before any gate answers 503), windowed
 * term and reward figures that start over at a policy change, counters of blocked batches,
 * rejected samples, policy reloads (and failures, and compile seconds), policy changes and bundle
 * swaps, histogram buckets sized to what they measure, the JVM's and the process's own metrics;
 * each swap and status change logged once; and a clean exit 0 on SIGTERM.
 */
class ServeMetricsIT {

    /** Eight qa samples stating {@code confidence}, {@code right} of them right. */
    private static String qa(String tag, double confidence, int right) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(tag).append('-').append(i)
                    .append("\",\"prompt_id\":\"").append(tag).append("\",\"domain\":\"qa\",\"prompt\":\"Capital of France?\",")
                    .append("\"completion\":\"<think>t</think><answer>").append(i < right ? "Paris" : "Lyon")
                    .append("</answer><analysis>a</analysis><confidence>")
                    .append(String.format(Locale.ROOT, "%.2f", confidence)).append("</confidence>\",\"reference\":\"Paris\"}");
        }
        return body.append(']').toString();
    }

    private static PrometheusText metrics(Server server) throws Exception {
        var r = server.get("/metrics");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(r.body());
    }

    private static double value(PrometheusText m, String name, String... labels) {
        return m.value(name, labels).orElseThrow(() -> new AssertionError("no single " + name + " " + List.of(labels)
                + " among " + m.find(name)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void everyMetricAnOperatorNeedsIsInMetricsReadyAndStatsAndTheLog(@TempDir Path work) throws Exception {
        Path policy = Server.policyWith(work, "default.drl", null);
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Server server = new Server(work, "--policy", policy.toString(), "--deploy", deploy.toString(),
                "--poll-ms", "100", "--check-window", "8", "--min-check-samples", "8", "--max-batch", "64",
                "--group-wait-ms", "500");
        try {
            server.awaitReady();
            String firstPolicy = Rewire.JSON.readTree(server.get("/ready").body()).get("policy").asText();

            // a collapsed calibration: the window of 8 fails the check; the next batch is blocked
            assertEquals(200, server.send("/v1/score", qa("a", 0.95, 1)).status());
            PrometheusText m = metrics(server);
            assertEquals(2.0, value(m, "rewire_check_status", "check", "calibration"), "FAIL, before any 503");
            assertTrue(value(m, "rewire_check_value", "check", "calibration", "metric", "ece") > 0.5);
            assertEquals(8.0, value(m, "rewire_check_value", "check", "calibration", "metric", "n"));
            JsonNode ready = Rewire.JSON.readTree(server.get("/ready").body());
            assertEquals("FAIL", ready.at("/checks/calibration/status").asText(), ready.toString());
            JsonNode stats = Rewire.JSON.readTree(server.get("/stats").body());
            assertEquals("FAIL", stats.at("/checks/calibration/status").asText(), stats.toString());
            await("the status change logged", () -> server.stderr().contains("serve: check calibration FAIL (window ending at batch 0)"));

            Server.Reply blocked = server.send("/v1/score", qa("b", 0.95, 1));
            assertEquals(503, blocked.status(), blocked.text());
            // an item that cannot be used is counted as rejected; the good one is scored... and blocked
            assertEquals(400, server.send("/v1/score", "[{\"prompt\":\"x\"}]").status());
            m = metrics(server);
            assertEquals(1.0, value(m, "rewire_blocked_batches_total"));
            assertEquals(1.0, value(m, "rewire_rejected_samples_total"));
            assertEquals(8.0, value(m, "rewire_window_samples", "window", "since_swap"));

            // the operator lifts the gate with a policy edit: a broken one first (counted, the old one serves)
            Files.writeString(policy.resolve("broken.drl"), "rule \"oops\" when then nonsense( end");
            await("a failed reload", () -> valueOr(server, "rewire_policy_reload_failures_total") >= 1);
            Files.delete(policy.resolve("broken.drl"));
            String drl = Files.readString(policy.resolve("default.drl"));
            // written whole and moved in (as an editor saving atomically): a poll never sees half a file
            Path edited = Files.writeString(work.resolve("default.drl.tmp"),
                    drl.replace("metric( \"ece\" ) > 0.5", "metric( \"ece\" ) > 0.99"));
            Files.move(edited, policy.resolve("default.drl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            await("the edited policy", () -> !readyPolicy(server).equals(firstPolicy));
            // The first batch under a fresh policy was seen, on the loaded CI machine, decided by the
            // policy before it (the new one retired after failing its first decision, and kept out
            // "until the files change"). What this test pins is the metrics, not the switch
            // (ServePolicySwitchIT does): re-send, bounded, and save the edit again if the old policy
            // is still deciding after a few tries.
            Server.Reply lifted = server.send("/v1/score", qa("c", 0.95, 1));
            for (int attempt = 1; lifted.status() != 200 && attempt <= 40; attempt++) {
                Thread.sleep(250);
                if (attempt % 10 == 0) {
                    Path again = Files.writeString(work.resolve("default.drl.tmp"), Files.readString(
                            policy.resolve("default.drl")) + "\n// saved again (" + attempt + ")\n");
                    Files.move(again, policy.resolve("default.drl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                lifted = server.send("/v1/score", qa("c" + attempt, 0.95, 1));
            }
            assertEquals(200, lifted.status(), lifted.text() + "\n" + server.stderr());
            String secondPolicy = readyPolicy(server);
            m = metrics(server);
            assertTrue(value(m, "rewire_policy_reloads_total") >= 1);
            assertTrue(value(m, "rewire_policy_compile_seconds_total") > 0);
            assertTrue(value(m, "rewire_policy_changes_total") >= 1);
            assertEquals(8.0, value(m, "rewire_window_samples", "window", "since_swap"),
                    "the since_swap window started over at the policy change");
            assertEquals(16.0, value(m, "rewire_window_samples", "window", "recent"));
            // stderr is read by another thread of this test: wait for the lines rather than race them
            await("the policy change logged", () -> server.stderr().contains("serve: policy change: sha256 "
                    + firstPolicy.substring(0, 12) + " -> "));
            await("the reload logged with both hashes", () -> server.stderr().contains(" -> "
                    + secondPolicy.substring(0, 12) + ") in "));
            for (String window : List.of("since_swap", "recent")) {
                assertTrue(Double.isFinite(value(m, "rewire_term_mean", "term", "rlcr_brier", "window", window)));
                assertTrue(Double.isFinite(value(m, "rewire_term_std", "term", "rlcr_brier", "window", window)));
                assertEquals(0.0, value(m, "rewire_term_abstain_rate", "term", "format", "window", window));
                assertTrue(Double.isFinite(value(m, "rewire_reward_mean", "window", window)));
                assertTrue(Double.isFinite(value(m, "rewire_reward_std", "window", window)));
            }

            // a bundle dropped into the deploy folder: one swap, logged with its version
            Rewire.dropAtomically(Rewire.PROBE_V1, deploy.resolve("probe.jar"));
            await("the swap", () -> valueOr(server, "rewire_bundle_swaps_total") >= 1);
            await("the swap logged", () -> server.stderr().matches("(?s).*serve: bundle swap: \\S+ \\(none\\) -> \\S+.*"));

            m = metrics(server);
            assertEquals(0.0, value(m, "rewire_quarantines_total"));
            // buckets sized to what they measure: powers of 2 up to --max-batch, and +Inf
            Set<String> les = new TreeSet<>();
            m.find("rewire_batch_samples_bucket").forEach(s -> les.add(s.labels().get("le")));
            assertEquals(8, les.size(), les.toString());
            assertTrue(m.find("rewire_batch_seconds_bucket").size() <= 14, "a dozen latency buckets, not hundreds");
            // the JVM and the process
            for (String name : List.of("jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "process_cpu_usage", "system_cpu_count", "process_uptime_seconds",
                    "process_files_open_files")) {
                assertTrue(!m.find(name).isEmpty() || name.equals("jvm_gc_pause_seconds_count"), "missing " + name);
            }
            assertEquals("counter", m.types.getOrDefault("rewire_blocked_batches_total", m.types.get("rewire_blocked_batches")));
            assertEquals("gauge", m.types.get("rewire_check_status"));

            // the Grafana dashboard in the repository charts names the server really exports
            String dashboard = Files.readString(Rewire.EXAMPLES.resolve("grafana/rewire-serve.json"));
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("\\b((?:rewire|jvm|process)_[a-z_]+)").matcher(dashboard);
            Set<String> exported = new TreeSet<>();
            m.samples.forEach(s -> exported.add(s.name()));
            int names = 0;
            while (used.find()) {
                names++;
                String name = used.group(1);
                assertTrue(exported.contains(name) || name.startsWith("jvm_gc_"), "the dashboard uses " + name
                        + ", which /metrics does not export");
            }
            assertTrue(names > 20, "the dashboard charts the server's metrics");

            // a group that never fills up is scored short once --group-wait-ms has passed, and says so
            Server.Reply shortGroup = server.send("/v1/score", qa("short", 0.7, 5), "X-Rewire-Group-Size", "9");
            assertEquals(200, shortGroup.status(), shortGroup.text());
            assertEquals(Rewire.JSON.readTree("{\"size\":8,\"complete\":false,\"expected\":9}"),
                    shortGroup.json().at("/records/0/group"), shortGroup.text());
            m = metrics(server);
            assertEquals(1.0, value(m, "rewire_groups_total", "complete", "false"), "the short group is counted");
            assertEquals(2.0, value(m, "rewire_groups_total", "complete", "true"), "a and c: one request carried each");

            assertEquals(0, server.terminate(), "a clean stop on SIGTERM exits 0:\n" + server.stderr());
        } finally {
            server.close();
        }
    }

    private static double valueOr(Server server, String name) {
        try {
            return metrics(server).value(name).orElse(0.0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String readyPolicy(Server server) {
        try {
            return Rewire.JSON.readTree(server.get("/ready").body()).get("policy").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
