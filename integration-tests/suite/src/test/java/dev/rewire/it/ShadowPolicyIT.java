package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewire score --shadow-policy}: a candidate decided beside the live policy on every batch,
 * promoted or rolled back by promotion rules, audited; the live output is what a run without a
 * shadow writes.
 */
class ShadowPolicyIT {

    /**
     * The policy's and terms' budget per batch: a liveness bound, generous, so a loaded machine running
     * each batch twice never retires a policy over time (the default 5 s is a production setting).
     */
    private static final String SLOW_MACHINE_MS = "120000";

    @TempDir
    static Path shared;
    static Path input;
    static Path baseline;

    /** The example's first 768 samples (whole groups), scored in batches of 128 without a shadow. */
    @BeforeAll
    static void scoreWithoutShadow() throws Exception {
        List<String> lines = Files.readAllLines(Rewire.EXAMPLES.resolve("samples.jsonl")).subList(0, 768);
        input = shared.resolve("samples.jsonl");
        Files.write(input, lines);
        baseline = shared.resolve("baseline.jsonl");
        Rewire.Result r = Rewire.run(shared, args(baseline));
        assertEquals(0, r.status(), r.stderr());
    }

    private static String[] args(Path out, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("score", "--in", input.toString(), "--out", out.toString(),
                "--policy", Rewire.POLICY.toString(), "--batch-size", "128", "--term-timeout-ms", SLOW_MACHINE_MS));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The policy hash as provenance records it: sha256 over each file's name, a 0 byte, and its content. */
    private static String sha256(Path dir) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Path candidate(Path work, String name, String drl) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("default.drl"), drl);
        return dir;
    }

    /** Promotion rules as a rule author writes them: promote after N batches with no check worse. */
    private static Path promoteAfter(Path work, int batches) throws Exception {
        Path promotion = Files.createDirectories(work.resolve("promotion"));
        Files.writeString(promotion.resolve("promotion.drl"), """
                package it.promotion;
                import dev.rewire.framework.policy.ShadowStanding;
                import dev.rewire.framework.policy.ShadowAction;
                rule "promote after {N} batches with no check worse"
                when
                    $s : ShadowStanding( batchesCompared >= {N}, checksWorse == 0, batchesBlockedByCandidate == 0 )
                then
                    insert( new ShadowAction( ShadowAction.Kind.PROMOTE,
                            $s.getBatchesCompared() + " batches, no check worse", drools.getRule().getName() ) );
                end
                """.replace("{N}", String.valueOf(batches)));
        return promotion;
    }

    private static String defaultDrl() throws Exception {
        return Files.readString(Rewire.POLICY.resolve("default.drl"));
    }

    @Test
    void aCandidateWithNoCheckWorseIsPromotedAfterThreeBatches(@TempDir Path work) throws Exception {
        // the same rules under a new hash: every check agrees, so none is worse
        Path cand = candidate(work, "candidate", defaultDrl() + "\n// candidate: the same rules, reviewed\n");
        Path promotion = promoteAfter(work, 3);
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(work, args(out, "--shadow-policy", cand.toString(), "--promotion-policy",
                promotion.toString(), "--stats", "stats.json"));
        assertEquals(0, r.status(), r.stderr());
        String live = sha256(Rewire.POLICY);
        String promoted = sha256(cand);
        List<JsonNode> audit = Rewire.readJsonl(work.resolve("out.promotion-audit.jsonl"));
        assertEquals(1, audit.size(), audit.toString());
        JsonNode event = audit.get(0);
        assertEquals("PROMOTE", event.get("event").asText());
        assertEquals(2, event.get("batch").asLong());
        assertEquals("promote after 3 batches with no check worse", event.get("rule").asText());
        assertEquals("3 batches, no check worse", event.get("reason").asText());
        assertEquals(live, event.get("live_policy").asText());
        assertEquals(promoted, event.get("candidate_policy").asText());
        assertEquals(0, event.get("checks_worse").asLong());
        assertEquals(0.0, event.get("mean_reward_shift").asDouble());
        assertTrue(java.time.Instant.parse(event.get("time").asText()) != null);
        assertTrue(r.stderr().contains("shadow: PROMOTE after batch 2 by rule \"promote after 3 batches with no check "
                + "worse\": 3 batches, no check worse (live " + live.substring(0, 12) + ", candidate "
                + promoted.substring(0, 12) + ")"), r.stderr());

        List<JsonNode> records = Rewire.readJsonl(out);
        List<JsonNode> expected = Rewire.readJsonl(baseline);
        assertEquals(expected.size(), records.size());
        long after = 0;
        for (int i = 0; i < records.size(); i++) {
            JsonNode rec = records.get(i);
            String policy = rec.at("/provenance/policy").asText();
            assertEquals(rec.get("batch").asLong() <= 2 ? live : promoted, policy, rec.toString());
            after += rec.get("batch").asLong() > 2 ? 1 : 0;
            // apart from the policy hash, the promoted run wrote what the run without a shadow wrote
            ((ObjectNode) rec.get("provenance")).remove("policy");
            ((ObjectNode) expected.get(i).get("provenance")).remove("policy");
            assertEquals(expected.get(i), rec);
        }
        assertTrue(after > 0, "batches after the promotion");
        // the shadow file has a line per sample of the three compared batches
        List<JsonNode> pairs = Rewire.readJsonl(work.resolve("out.shadow.jsonl"));
        assertEquals(records.stream().filter(x -> x.get("batch").asLong() <= 2).count(), pairs.size());
        assertTrue(pairs.stream().allMatch(p -> p.get("reward_delta").asDouble() == 0 && !p.get("sign_flip").asBoolean()));
        JsonNode stats = Rewire.JSON.readTree(work.resolve("stats.json").toFile()).get("shadow");
        assertEquals("PROMOTED", stats.get("state").asText());
        assertEquals(3, stats.get("batches_compared").asLong());
        assertEquals(pairs.size(), stats.at("/diff/samples_compared").asLong());
    }

    @Test
    void aCandidateThatMovesRewardsIsRolledBackAndLiveOutputIsUnchanged(@TempDir Path work) throws Exception {
        String rule = "insert( new Route( $s.getId(), \"exact_match\", 1.0, drools.getRule().getName() ) );";
        String drl = defaultDrl();
        int at = drl.indexOf(rule);
        Path cand = candidate(work, "candidate", drl.substring(0, at) + rule.replace("1.0", "3.0")
                + drl.substring(at + rule.length()));
        Path out = work.resolve("out.jsonl");
        // the distribution's promotion rules
        Rewire.Result r = Rewire.run(work, args(out, "--shadow-policy", cand.toString(), "--stats", "stats.json"));
        assertEquals(0, r.status(), r.stderr());
        assertArrayEquals(Files.readAllBytes(baseline), Files.readAllBytes(out), "live output changed");
        List<JsonNode> audit = Rewire.readJsonl(work.resolve("out.promotion-audit.jsonl"));
        assertEquals(1, audit.size(), audit.toString());
        JsonNode event = audit.get(0);
        assertEquals("ROLLBACK", event.get("event").asText());
        assertEquals(0, event.get("batch").asLong());
        assertEquals("roll back: rewards moved by more than 0.1 on average", event.get("rule").asText());
        assertTrue(event.get("mean_reward_shift").asDouble() > 0.1, event.toString());
        assertEquals(sha256(Rewire.POLICY), event.get("live_policy").asText());
        assertEquals(sha256(cand), event.get("candidate_policy").asText());
        // shadowing stopped after batch 0: its samples only in the shadow file
        List<JsonNode> pairs = Rewire.readJsonl(work.resolve("out.shadow.jsonl"));
        assertTrue(!pairs.isEmpty() && pairs.stream().allMatch(p -> p.get("batch").asLong() == 0));
        JsonNode stats = Rewire.JSON.readTree(work.resolve("stats.json").toFile()).get("shadow");
        assertEquals("ROLLED_BACK", stats.get("state").asText());
        assertEquals(1, stats.get("batches_compared").asLong());
        assertTrue(r.stderr().contains("rewire: shadow " + cand + ": rolled back; 1 batches compared"), r.stderr());
    }

    @Test
    void aCandidateThatDoesNotCompileIsRefusedNamingFileAndLineWhileLiveScores(@TempDir Path work) throws Exception {
        String drl = defaultDrl();
        String broken = drl + "\nrule \"broken\"\nwhen\n    $s : SampleFact( domain == )\nthen\nend\n";
        int line = (int) drl.lines().count() + 4;
        Path cand = candidate(work, "candidate", broken);
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(work, args(out, "--shadow-policy", cand.toString()));
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("shadow: candidate " + cand + " does not compile: " + cand.resolve("default.drl")
                + ":" + line + ":"), r.stderr());
        assertArrayEquals(Files.readAllBytes(baseline), Files.readAllBytes(out), "live output changed");
        List<JsonNode> audit = Rewire.readJsonl(work.resolve("out.promotion-audit.jsonl"));
        assertEquals(1, audit.size());
        assertEquals("REFUSED", audit.get(0).get("event").asText());
        assertTrue(audit.get(0).get("reason").asText().contains("default.drl:" + line + ":"), audit.toString());
        assertEquals(sha256(Rewire.POLICY), audit.get(0).get("live_policy").asText());
    }

    /** One prompt's four math samples as a /v1/score body. */
    private static String group(int n) throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode samples = Rewire.JSON.createArrayNode();
        for (int i = 0; i < 4; i++) {
            samples.add(Rewire.JSON.readTree(Rewire.Stream.math(4 * n + i)));
        }
        return Rewire.JSON.createObjectNode().set("samples", samples).toString();
    }

    @Test
    void serveShadowsEachMicroBatchShowsTheStandingAndPromotes(@TempDir Path work) throws Exception {
        Path cand = candidate(work, "candidate", defaultDrl() + "\n// candidate: the same rules, reviewed\n");
        Path promotion = promoteAfter(work, 2);
        String live = sha256(Rewire.POLICY);
        String promoted = sha256(cand);
        try (Server server = new Server(work, "--policy", Rewire.POLICY.toString(), "--shadow-policy", cand.toString(),
                "--promotion-policy", promotion.toString(), "--promotion-audit", "audit.jsonl", "--term-timeout-ms",
                SLOW_MACHINE_MS).awaitReady()) {
            Server.Reply first = server.send("/v1/score", group(0));
            assertEquals(200, first.status(), first.text());
            assertEquals(live, first.json().at("/records/0/provenance/policy").asText());
            Rewire.await("the first micro-batch compared", () -> Rewire.JSON.readTree(server.get("/ready").body())
                    .at("/shadow/batches_compared").asLong() == 1, server::stderr);
            JsonNode standing = Rewire.JSON.readTree(server.get("/ready").body()).get("shadow");
            assertEquals("SHADOWING", standing.get("state").asText());
            assertEquals(4, standing.get("samples_compared").asLong());
            assertEquals(0.0, standing.get("mean_reward_shift").asDouble());
            assertEquals(promoted, standing.get("candidate_policy").asText());
            assertEquals(200, server.send("/v1/score", group(1)).status());
            // the loop compares batch 1 and promotes before it takes the next micro-batch
            Server.Reply third = server.send("/v1/score", group(2));
            assertEquals(200, third.status(), third.text());
            assertEquals(promoted, third.json().at("/records/0/provenance/policy").asText());
            JsonNode ready = Rewire.JSON.readTree(server.get("/ready").body());
            assertEquals("PROMOTED", ready.at("/shadow/state").asText());
            assertEquals(promoted, ready.get("policy").asText());
            List<JsonNode> audit = Rewire.readJsonl(work.resolve("audit.jsonl"));
            assertEquals(1, audit.size());
            assertEquals("PROMOTE", audit.get(0).get("event").asText());
            assertEquals(1, audit.get(0).get("batch").asLong());
            assertEquals(live, audit.get(0).get("live_policy").asText());
            assertEquals(promoted, audit.get(0).get("candidate_policy").asText());
            assertEquals(0, server.terminate(), "a clean stop on SIGTERM exits 0:\n" + server.stderr());
            assertTrue(server.stderr().contains("rewire: shadow " + cand + ": promoted; 2 batches compared, 8 samples"),
                    server.stderr());
        }
    }

    /**
     * Over the whole example (11 batches, through the sophistry check's baseline and past it) a
     * candidate with the same rules never decided: the shared, stateful checks see each batch twice,
     * yet no check differs and the live output is what a run without a shadow writes.
     */
    @Test
    void anUndecidedShadowOverTheWholeExampleChangesNoCheckAndNoLiveByte(@TempDir Path work) throws Exception {
        Path cand = candidate(work, "candidate", defaultDrl() + "\n// candidate: the same rules, reviewed\n");
        Path never = promoteAfter(work, 1_000_000);
        Path in = Rewire.EXAMPLES.resolve("samples.jsonl");
        Rewire.Result plain = Rewire.run(work, "score", "--in", in.toString(), "--out", "plain.jsonl",
                "--term-timeout-ms", SLOW_MACHINE_MS);
        assertEquals(0, plain.status(), plain.stderr());
        Rewire.Result shadowed = Rewire.run(work, "score", "--in", in.toString(), "--out", "shadowed.jsonl",
                "--shadow-policy", cand.toString(), "--promotion-policy", never.toString(), "--stats", "stats.json",
                "--term-timeout-ms", SLOW_MACHINE_MS);
        assertEquals(0, shadowed.status(), shadowed.stderr());
        assertArrayEquals(Files.readAllBytes(work.resolve("plain.jsonl")), Files.readAllBytes(work.resolve("shadowed.jsonl")),
                "live output changed");
        JsonNode stats = Rewire.JSON.readTree(work.resolve("stats.json").toFile()).get("shadow");
        assertEquals("SHADOWING", stats.get("state").asText());
        assertEquals(11, stats.get("batches_compared").asLong());
        assertEquals(2541, stats.at("/diff/samples_compared").asLong());
        assertEquals(0, stats.get("checks_worse").asLong(), shadowed.stderr());
        assertEquals(0, stats.get("checks_better").asLong(), shadowed.stderr());
        assertTrue(!Files.exists(work.resolve("shadowed.promotion-audit.jsonl")), "nothing decided, nothing audited");
    }
}
