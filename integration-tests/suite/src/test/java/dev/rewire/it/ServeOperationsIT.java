package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating {@code rewire serve}: bearer auth, loopback by default, graceful SIGTERM, a policy gate
 * across requests that answers 503 without stopping the server, and a hung term that costs one
 * deadline and is quarantined until redeployed.
 */
class ServeOperationsIT {

    @Test
    void aTokenIsRequiredOnEveryEndpointButHealthAndSigtermStopsCleanly(@TempDir Path work) throws Exception {
        Server server = new Server(work, "--token", "s3cret", "--domain", "math");
        try {
            server.awaitReady("Authorization", "Bearer s3cret");
            String body = Server.resource("slime_reward_string_prompt.json");
            assertEquals(401, server.send("/reward", body).status());
            assertEquals(401, server.send("/reward", body, "Authorization", "Bearer wrong").status());
            assertEquals(401, server.get("/metrics").statusCode());
            assertEquals(401, server.get("/ready").statusCode());
            assertEquals(200, server.get("/health").statusCode(), "liveness probes need no token");
            assertEquals(200, server.send("/reward", body, "Authorization", "Bearer s3cret").status());

            int status = server.terminate();
            assertEquals(0, status, "a clean stop on SIGTERM exits 0 (it was 143, the JVM's signal status):\n" + server.stderr());
            assertTrue(server.stderr().contains("rewire: stopped"), server.stderr());
        } finally {
            server.close();
        }
    }

    @Test
    void anyAddressButLoopbackNeedsAToken(@TempDir Path work) throws Exception {
        Rewire.Result r = Rewire.run(work, "serve", "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, r.status(), r.stderr());
        assertTrue(r.stderr().contains("--host 0.0.0.0 is not a loopback address: set --token"), r.stderr());
    }

    /** qa samples in RLCR format stating confidence 0.95, one right in ten: calibration collapses. */
    private static String collapsed(int from, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i < from + n; i++) {
            sb.append(i == from ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"id\":\"c-%d\",\"prompt_id\":\"cp-%d\",\"domain\":\"qa\",\"prompt\":\"Capital of France?\","
                            + "\"completion\":\"<think>t</think><answer>%s</answer><analysis>a</analysis>"
                            + "<confidence>0.95</confidence>\",\"reference\":\"Paris\"}",
                    i, i / 4, i % 10 == 0 ? "Paris" : "Lyon"));
        }
        return sb.append(']').toString();
    }

    @Test
    void aGateAcrossRequestsAnswers503WithTheRuleAndTheServerStaysUp(@TempDir Path work) throws Exception {
        // windows of 8 are graded only with the grading minimum lowered to 8 (the default, 30, leaves them INSUFFICIENT)
        try (Server server = new Server(work, "--check-window", "8", "--min-check-samples", "8").awaitReady()) {
            Server.Reply first = server.send("/v1/score", collapsed(0, 8));
            assertEquals(200, first.status(), "the window that collapses is still answered: " + first.text());
            Server.Reply blocked = server.send("/v1/score", collapsed(8, 4));
            assertEquals(503, blocked.status(), blocked.text());
            assertEquals("block: calibration collapsed", blocked.json().at("/blocked/rule").asText());
            assertTrue(blocked.json().at("/blocked/reason").asText().startsWith("check calibration on batch 0: ECE 0.8"),
                    blocked.text());
            assertEquals(200, server.get("/health").statusCode());
            assertEquals(200, server.get("/ready").statusCode());
            assertTrue(server.process.isAlive());
        }
    }

    private static final String PROBE_RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            rule "test: probe every sample"
            when
                $s : SampleFact()
            then
                insert( new Route( $s.getId(), "probe", 1.0, drools.getRule().getName() ) );
            end
            """;

    @Test
    void aHungTermCostsOneDeadlineIsQuarantinedAndARedeployLiftsIt(@TempDir Path work) throws Exception {
        Path policy = Server.policyWith(work, "probe.drl", PROBE_RULE);
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.copy(Rewire.PROBE_V1, deploy.resolve("probe.jar"));
        try (Server server = new Server(work, "--policy", policy.toString(), "--deploy", deploy.toString(),
                "--term-timeout-ms", "500", "--poll-ms", "100", "--domain", "math").awaitReady()) {
            String hang = "{\"prompt\":\"q\",\"response\":\"PROBE_HANG \\\\boxed{4}\",\"label\":\"4\"}";
            String fine = "{\"prompt\":\"q\",\"response\":\"\\\\boxed{4}\",\"label\":\"4\"}";
            Server.Reply hung = server.send("/reward", hang);
            assertEquals(200, hung.status(), hung.text());
            assertEquals("timeout after 500 ms", hung.json().at("/terms/probe/abstained").asText(), hung.text());
            assertEquals(1.0, hung.json().at("/terms/exact_match/value").asDouble(), "the other terms still scored");

            JsonNode ready = Rewire.JSON.readTree(server.get("/ready").body());
            assertTrue(ready.get("quarantined").toString().contains("probe (dev.rewire.fixture.probe 1.0.0)"),
                    ready.toString());
            Server.Reply next = server.send("/reward", fine);
            assertTrue(next.json().at("/terms/probe/abstained").asText()
                    .startsWith("quarantined: timeout after 500 ms (dev.rewire.fixture.probe 1.0.0)"), next.text());

            Rewire.dropAtomically(Rewire.PROBE_V2, deploy.resolve("probe.jar"));
            Rewire.await("v2 to lift the quarantine",
                    () -> !server.send("/reward", fine).json().at("/terms/probe/value").isMissingNode(), server::stderr);
            Server.Reply lifted = server.send("/reward", fine);
            assertEquals(2.0, lifted.json().at("/terms/probe/value").asDouble(), lifted.text());
        }
    }

    @Test
    void bundleFailuresMidRunAreReportedAndARecreatedDeployFolderIsWatchedAgain(@TempDir Path work) throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        try (Server server = new Server(work, "--deploy", deploy.toString(), "--poll-ms", "100").awaitReady()) {
            Rewire.writeAtomically(deploy.resolve("corrupt.jar"), "not a jar at all");
            java.util.jar.Manifest manifest = new java.util.jar.Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", "test.missing.import");
            manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
            manifest.getMainAttributes().putValue("Import-Package", "does.not.exist");
            Path missing = work.resolve("missing.jar");
            new java.util.jar.JarOutputStream(Files.newOutputStream(missing), manifest).close();
            Rewire.dropAtomically(missing, deploy.resolve("missing.jar"));
            awaitStderr(server, "deployed corrupt.jar is not a readable jar");
            awaitStderr(server, "deployed missing.jar (test.missing.import 1.0.0) did not start: Unable to resolve");
            assertTrue(server.stderr().contains("osgi.wiring.package=does.not.exist"), server.stderr());
            assertEquals(200, server.send("/reward", Server.resource("slime_reward_string_prompt.json")).status(),
                    "everything else keeps serving");

            try (var files = Files.list(deploy)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(deploy);
            awaitStderr(server, "is gone; it is watched again once it is back");
            Files.createDirectories(deploy);
            awaitStderr(server, "was re-created; watching it again");
            Rewire.dropAtomically(Rewire.PROBE_V1, deploy.resolve("probe.jar"));
            Rewire.await("a bundle dropped into the re-created folder to be deployed",
                    () -> server.get("/ready").body().contains("\"probe\""), server::stderr);
        }
    }

    private static void awaitStderr(Server server, String text) throws Exception {
        Rewire.await("\"" + text + "\" on stderr", () -> server.stderr().contains(text), server::stderr);
    }
}
