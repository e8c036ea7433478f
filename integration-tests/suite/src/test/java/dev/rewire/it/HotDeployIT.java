package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a stream is scored, a second version of a term bundle is dropped into the deploy folder,
 * and a policy file is edited, then broken. Nothing is lost; later records show the change.
 */
class HotDeployIT {

    static final String PROBE_RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            rule "test: probe every sample"
            when
                $s : SampleFact()
            then
                insert( new Route( $s.getId(), "probe", %s, drools.getRule().getName() ) );
            end
            """;

    private static Path setUp(Path work) throws Exception {
        Path policy = Files.createDirectories(work.resolve("policy"));
        Files.copy(Rewire.POLICY.resolve("default.drl"), policy.resolve("default.drl"));
        Files.writeString(policy.resolve("probe.drl"), PROBE_RULE.formatted("1.0"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.copy(Rewire.PROBE_V1, deploy.resolve("probe.jar"));
        return work;
    }

    private static String[] args(Path work) {
        return new String[] {"--policy", work.resolve("policy").toString(), "--deploy", work.resolve("deploy").toString(),
                "--batch-size", "8", "--poll-ms", "100"};
    }

    private static double probe(JsonNode r) {
        return r.at("/terms/probe/value").asDouble(Double.NaN);
    }

    @Test
    void aNewBundleVersionTakesOverMidStreamAndNoRecordIsLost(@TempDir Path work) throws Exception {
        setUp(work);
        try (Rewire.Stream run = new Rewire.Stream(work, args(work))) {
            run.await("records from v1", () -> run.records().size() >= 64);
            long dropped = System.nanoTime();
            Rewire.dropAtomically(Rewire.PROBE_V2, work.resolve("deploy/probe.jar"));
            run.await("a record from v2", () -> run.records().stream().anyMatch(r -> probe(r) == 2.0));
            System.out.printf("hot deploy: first record from v2 %.0f ms after the jar was dropped%n",
                    (System.nanoTime() - dropped) / 1e6);
            int seen = run.records().size();
            run.await("more records from v2", () -> run.records().size() >= seen + 64);
            assertEquals(0, run.finish(), run.stderr());

            List<JsonNode> records = run.records();
            assertEquals(run.written(), records.size(), "every written sample has its record");
            Set<String> ids = new HashSet<>();
            boolean sawV2 = false;
            for (JsonNode r : records) {
                assertTrue(ids.add(r.get("id").asText()), "duplicate " + r);
                double v = probe(r);
                String version = r.at("/provenance/bundles/dev.rewire.fixture.probe").asText();
                if (v == 2.0) {
                    sawV2 = true;
                    assertEquals("2.0.0", version, r.toString());
                } else {
                    assertEquals(1.0, v, "a record neither v1 nor v2 (lost or failed): " + r);
                    assertFalse(sawV2, "v1 answered after v2 had taken over: " + r);
                    assertEquals("1.0.0", version, r.toString());
                }
                assertEquals(1.0 + v, r.get("reward").asDouble(), 1e-12, r.toString());
            }
            assertTrue(sawV2);
        }
    }

    @Test
    void anEditedPolicyReweighsLaterBatchesAndABrokenOneIsReportedWhileTheOldOneServes(@TempDir Path work)
            throws Exception {
        setUp(work);
        try (Rewire.Stream run = new Rewire.Stream(work, args(work))) {
            run.await("records under the first policy", () -> run.records().size() >= 64);
            Rewire.writeAtomically(work.resolve("policy/probe.drl"), PROBE_RULE.formatted("3.0"));
            run.await("a record weighted by the edited policy",
                    () -> run.records().stream().anyMatch(r -> r.at("/terms/probe/weight").asDouble() == 3.0));
            String editedPolicy = run.records().get(run.records().size() - 1).at("/provenance/policy").asText();

            Rewire.writeAtomically(work.resolve("policy/broken.drl"),
                    "package rewire.test;\n\nrule \"broken\"\nwhen\n    $s : NoSuchFact( )\nthen\nend\n");
            run.await("the compile error on stderr", () -> run.stderr().contains("does not compile"));
            int seen = run.records().size();
            run.await("records after the broken edit", () -> run.records().size() >= seen + 64);
            assertEquals(0, run.finish(), run.stderr());

            assertTrue(run.stderr().contains(work.resolve("policy/broken.drl") + ":5: Unable to find class: NoSuchFact"),
                    run.stderr());
            List<JsonNode> records = run.records();
            assertEquals(run.written(), records.size());
            boolean reweighted = false;
            for (JsonNode r : records) {
                double w = r.at("/terms/probe/weight").asDouble();
                if (w == 3.0) {
                    reweighted = true;
                } else {
                    assertEquals(1.0, w, r.toString());
                    assertFalse(reweighted, "old weight after the new policy took over: " + r);
                }
                assertEquals(1.0 + w, r.get("reward").asDouble(), 1e-12, r.toString());
            }
            JsonNode last = records.get(records.size() - 1);
            assertEquals(3.0, last.at("/terms/probe/weight").asDouble());
            assertEquals(editedPolicy, last.at("/provenance/policy").asText(), "the broken file changed nothing");
        }
    }

    @Test
    void aTermThatThrowsAbstainsForThatSampleAndNothingElseFails(@TempDir Path work) throws Exception {
        setUp(work);
        Path in = work.resolve("in.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\":\"ok\",\"prompt_id\":\"p\",\"domain\":\"math\",\"prompt\":\"q\",\"completion\":\"\\\\boxed{4}\",\"reference\":\"4\"}",
                "{\"id\":\"boom\",\"prompt_id\":\"p\",\"domain\":\"math\",\"prompt\":\"q\",\"completion\":\"\\\\boxed{4} PROBE_FAIL\",\"reference\":\"4\"}"));
        Path out = work.resolve("out.jsonl");
        String[] common = args(work);
        String[] all = new String[common.length + 5];
        System.arraycopy(new String[] {"score", "--in", in.toString(), "--out", out.toString()}, 0, all, 0, 5);
        System.arraycopy(common, 0, all, 5, common.length);
        Rewire.Result r = Rewire.run(work, all);
        assertEquals(0, r.status(), r.stderr());
        List<JsonNode> records = Rewire.readJsonl(out);
        assertEquals(2.0, records.get(0).get("reward").asDouble(), 1e-12);
        JsonNode boom = records.get(1);
        assertEquals("error: IllegalStateException: probe asked to fail", boom.at("/terms/probe/abstained").asText());
        assertEquals(1.0, boom.at("/terms/exact_match/value").asDouble());
        assertEquals(1.0, boom.get("reward").asDouble(), 1e-12);
    }

    @Test
    void bundlesListsWhatIsDeployed(@TempDir Path work) throws Exception {
        setUp(work);
        Rewire.Result r = Rewire.run(work, "bundles", "--json", "--deploy", work.resolve("deploy").toString());
        assertEquals(0, r.status(), r.stderr());
        JsonNode bundles = Rewire.JSON.readTree(r.stdout());
        boolean probe = false;
        for (JsonNode b : bundles) {
            if (b.get("symbolic_name").asText().equals("dev.rewire.fixture.probe")) {
                probe = true;
                assertEquals("1.0.0", b.get("version").asText());
                assertEquals("deploy", b.get("origin").asText());
                assertEquals("ACTIVE", b.get("state").asText());
                assertEquals("term:probe", b.get("services").get(0).asText());
            }
        }
        assertTrue(probe, r.stdout());
    }

    @Test
    void aBundleThatCannotStartIsReportedAndEverythingElseServes(@TempDir Path work) throws Exception {
        setUp(work);
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "dev.rewire.fixture.broken");
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        m.getMainAttributes().putValue("Import-Package", "com.example.missing");
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(work.resolve("deploy/broken.jar")), m)) {
            jar.flush();
        }
        Path in = work.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":\"ok\",\"prompt_id\":\"p\",\"domain\":\"math\",\"prompt\":\"q\","
                + "\"completion\":\"\\\\boxed{4}\",\"reference\":\"4\"}\n");
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString(), "--policy",
                work.resolve("policy").toString(), "--deploy", work.resolve("deploy").toString());
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("deployed broken.jar (dev.rewire.fixture.broken 1.0.0) did not start"), r.stderr());
        assertTrue(r.stderr().contains("com.example.missing"), r.stderr());
        assertEquals(2.0, Rewire.readJsonl(out).get(0).get("reward").asDouble(), 1e-12, "exact_match + probe v1");
    }

    @Test
    void editingATermsCfgMidStreamChangesLaterOutputsAndTheirProvenance(@TempDir Path work) throws Exception {
        setUp(work);
        try (Rewire.Stream run = new Rewire.Stream(work, args(work))) {
            run.await("records under the default configuration", () -> run.records().size() >= 64);
            // Four-word completions: over max_tokens 2, so the penalty is -factor.
            Rewire.writeAtomically(work.resolve("deploy/rewire.term.length_penalty.cfg"),
                    "max_tokens = 2\nbuffer = 1\nfactor = 0.5\n");
            run.await("a record scored with the new configuration",
                    () -> run.records().stream().anyMatch(r -> r.at("/terms/length_penalty/value").asDouble() == -0.5));
            int seen = run.records().size();
            run.await("more records", () -> run.records().size() >= seen + 64);
            assertEquals(0, run.finish(), run.stderr());

            List<JsonNode> records = run.records();
            assertEquals(run.written(), records.size(), "every written sample has its record");
            boolean changed = false;
            for (JsonNode r : records) {
                double penalty = r.at("/terms/length_penalty/value").asDouble();
                JsonNode config = r.at("/provenance/config/length_penalty");
                if (penalty == -0.5) {
                    changed = true;
                    assertEquals(2, config.get("max_tokens").asInt(), r.toString());
                    assertEquals(1, config.get("buffer").asInt(), r.toString());
                    assertEquals(0.5, config.get("factor").asDouble(), r.toString());
                } else {
                    assertEquals(0.0, penalty, "neither configuration (lost or failed): " + r);
                    assertFalse(changed, "the old configuration answered after the new one: " + r);
                    assertEquals(4096, config.get("max_tokens").asInt(), r.toString());
                }
                assertEquals(1.0 + probe(r) + penalty, r.get("reward").asDouble(), 1e-12, r.toString());
            }
            assertTrue(changed);
        }
    }
}
