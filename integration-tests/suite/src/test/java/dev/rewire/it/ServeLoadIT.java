package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load on loopback (a fixed number of requests, a fixed concurrency) while a term bundle,
 * a {@code .cfg} and a {@code .drl} are changed: no request fails or is lost, and responses after
 * the swaps carry the new versions. Prints throughput and latency; asserts none of it (a slow
 * machine is not a failure).
 */
class ServeLoadIT {

    private static final int REQUESTS = 4000;
    private static final int CONCURRENCY = 16;

    @Test
    void swapsUnderLoadLoseNothing(@TempDir Path work) throws Exception {
        Path policy = Server.policyWith(work, "probe.drl", HotDeployIT.PROBE_RULE.formatted("1.0"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.copy(Rewire.PROBE_V1, deploy.resolve("probe.jar"));
        try (Server server = new Server(work, "--policy", policy.toString(), "--deploy", deploy.toString(),
                "--poll-ms", "100", "--domain", "math").awaitReady()) {
            Semaphore inFlight = new Semaphore(CONCURRENCY);
            List<CompletableFuture<Server.Reply>> replies = new ArrayList<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger done = new AtomicInteger();
            long t0 = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                if (i == REQUESTS / 4) {
                    Rewire.dropAtomically(Rewire.PROBE_V2, deploy.resolve("probe.jar"));
                    Rewire.writeAtomically(deploy.resolve("rewire.term.length_penalty.cfg"), "max_tokens=2\nbuffer=1\n");
                    Rewire.writeAtomically(policy.resolve("probe.drl"), HotDeployIT.PROBE_RULE.formatted("3.0"));
                }
                inFlight.acquire();
                long sent = System.nanoTime();
                String body = "{\"prompt\":\"What is " + i + " + 0?\",\"response\":\"so \\\\boxed{" + i + "}\",\"label\":\""
                        + i + "\"}";
                replies.add(server.sendAsync("/reward", body).whenComplete((r, e) -> {
                    latencies.add(System.nanoTime() - sent);
                    done.incrementAndGet();
                    inFlight.release();
                }));
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;

            int v1 = 0;
            int v2 = 0;
            for (CompletableFuture<Server.Reply> f : replies) {
                Server.Reply r = f.get();
                assertEquals(200, r.status(), r.text());
                double probe = r.json().at("/terms/probe/value").asDouble(Double.NaN);
                String version = r.json().at("/provenance/bundles/dev.rewire.fixture.probe").asText();
                assertTrue(probe == 1.0 && version.equals("1.0.0") || probe == 2.0 && version.equals("2.0.0"),
                        "a record neither v1 nor v2 (lost or failed): " + r.text());
                if (probe == 1.0) {
                    v1++;
                } else {
                    v2++;
                }
                assertEquals(1.0, r.json().at("/terms/exact_match/value").asDouble(), r.text());
            }
            assertTrue(v1 > 0 && v2 > 0, "both versions answered: v1 " + v1 + ", v2 " + v2);
            // the swaps all take effect: a request after them shows the three changes. (How many of the load's
            // requests land after a policy recompile depends on how fast the pipeline is, so a fresh request asks.)
            String after = "{\"prompt\":\"What is 7 + 0?\",\"response\":\"so \\\\boxed{7}\",\"label\":\"7\"}";
            JsonNode[] seen = new JsonNode[1];
            Rewire.await("the new bundle, .cfg and policy to serve", () -> {
                seen[0] = server.sendAsync("/reward", after).get().json();
                return seen[0].at("/terms/probe/weight").asDouble() == 3.0
                        && seen[0].at("/provenance/config/length_penalty/max_tokens").asInt() == 2;
            }, () -> String.valueOf(seen[0]));
            JsonNode last = seen[0];
            assertEquals(2.0, last.at("/terms/probe/value").asDouble(), last.toString());
            assertEquals(3.0, last.at("/terms/probe/weight").asDouble(), last.toString());
            assertEquals(2, last.at("/provenance/config/length_penalty/max_tokens").asInt(), last.toString());
            assertEquals("max_tokens=2\nbuffer=1\n", Files.readString(deploy.resolve("rewire.term.length_penalty.cfg")),
                    "the .cfg is read, never written back");
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "serve load: %d requests, %d concurrent, %.0f requests/s, p50 %.1f ms, "
                            + "p99 %.1f ms; v1 answered %d, v2 %d; 0 failed%n", REQUESTS, CONCURRENCY, REQUESTS / seconds,
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6, v1, v2);
        }
    }
}
