package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewire serve} answering the trainers' own requests (recorded from their sources into
 * src/test/resources/protocols), Rewire's native endpoint against {@code rewire score}, bad
 * requests, the trainer's step and extra fields reaching the rules, and micro-batched groups.
 */
class ServeIT {

    /** A rule author's schedule: from step 100 on, gsm8k samples also get the format term at weight 2. */
    static final String SCHEDULE = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            rule "schedule: format counts from step 100 on gsm8k"
            when
                $s : SampleFact( fields["data_source"] == "gsm8k", step >= 100 )
            then
                insert( new Route( $s.getId(), "format", 2.0, drools.getRule().getName() ) );
            end
            """;

    @TempDir
    static Path work;
    static Server server;

    @BeforeAll
    static void start() throws Exception {
        Path policy = Server.policyWith(work, "schedule.drl", SCHEDULE);
        // a long wait, so that concurrent requests of one group meet in one micro-batch even on a loaded machine
        server = new Server(work, "--policy", policy.toString(), "--domain", "math", "--max-wait-ms", "1000",
                "--max-body-bytes", "200000").awaitReady();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void openRlhfGetsRewardsScoresAndOneFixedSetOfNumericLogs() throws Exception {
        Server.Reply r = server.send("/get_reward", Server.resource("openrlhf_get_reward.json"));
        assertEquals(200, r.status(), r.text());
        // the query minus its prompt is "<think>...</think>\n<answer>The sum is $\boxed{38}$.</answer><|im_end|>"
        assertEquals(1.0, r.json().at("/rewards/0").asDouble(), r.text());
        assertEquals(1.0, r.json().at("/scores/0").asDouble());
        assertEquals(1.0, r.json().at("/extra_logs/exact_match/0").asDouble());
        Set<String> logTerms = names(server.get("/ready").body(), "log_terms");
        Set<String> keys = new HashSet<>();
        r.json().get("extra_logs").fieldNames().forEachRemaining(keys::add);
        logTerms.addAll(List.of("rewire_group_size", "rewire_group_complete"));
        assertEquals(logTerms, keys, "every response carries every logged term, and the group each reward was scored in");
        assertEquals(1.0, r.json().at("/extra_logs/rewire_group_size/0").asDouble(), r.text());
        r.json().get("extra_logs").forEach(v -> assertTrue(v.get(0).isNumber(), r.text()));

        Server.Reply empty = server.send("/get_reward", Server.resource("openrlhf_get_reward_empty.json"));
        assertEquals(200, empty.status(), empty.text());
        assertEquals(0, empty.json().get("rewards").size());
        Set<String> emptyKeys = new HashSet<>();
        empty.json().get("extra_logs").fieldNames().forEachRemaining(emptyKeys::add);
        assertEquals(logTerms, emptyKeys, "the empty answer has the same keys, with empty lists");
    }

    @Test
    void slimeGetsTheRecordWithItsRewardKeyOrABareNumber() throws Exception {
        for (String fixture : List.of("slime_reward_string_prompt.json", "slime_reward_messages_prompt.json")) {
            Server.Reply r = server.send("/reward", Server.resource(fixture));
            assertEquals(200, r.status(), r.text());
            assertEquals(1.0, r.json().get("reward").asDouble(), r.text());
            assertEquals(1.0, r.json().at("/terms/exact_match/value").asDouble());
            assertTrue(r.json().get("prompt_id").asText().matches("p-[0-9a-f]{16}"), r.text());
            assertTrue(r.json().get("rules").toString().contains("math: answer checked against the reference"));
        }
        Server.Reply scalar = server.send("/reward?scalar=true", Server.resource("slime_reward_string_prompt.json"));
        assertEquals("1.0", scalar.text().trim());
        assertEquals(200, server.send("/", Server.resource("slime_reward_string_prompt.json")).status(),
                "slime posts to the bare URL it is given");
    }

    @Test
    void nemoGymGetsItsRequestEchoedWithRewardAndComponents() throws Exception {
        String body = Server.resource("nemo_gym_verify.json");
        Server.Reply r = server.send("/verify", body);
        assertEquals(200, r.status(), r.text());
        JsonNode sent = Rewire.JSON.readTree(body);
        for (Iterator<String> it = sent.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            assertEquals(sent.get(field), r.json().get(field), "echoed: " + field);
        }
        assertEquals(1.0, r.json().get("reward").asDouble(), r.text());
        assertEquals(1.0, r.json().at("/reward_components/exact_match").asDouble());
        assertEquals(1.0, r.json().get("reward_exact_match").asDouble(), "components also as top-level numbers");
        assertTrue(r.json().at("/rewire/observed/correct").asBoolean(), "the full record rides along under rewire");
    }

    @Test
    void nativeRecordsEqualWhatScoreWrites(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(Rewire.EXAMPLES.resolve("samples.jsonl")).subList(0, 200);
        Path in = dir.resolve("in.jsonl");
        Files.write(in, lines);
        Rewire.Result score = Rewire.run(dir, "score", "--in", in.toString(), "--out", dir.resolve("out.jsonl").toString(),
                "--policy", work.resolve("policy").toString());
        assertEquals(0, score.status(), score.stderr());
        List<JsonNode> expected = Rewire.readJsonl(dir.resolve("out.jsonl"));

        ArrayNode samples = Rewire.JSON.createArrayNode();
        for (String line : lines) {
            samples.add(Rewire.JSON.readTree(line));
        }
        Server.Reply r = server.send("/v1/score", Rewire.JSON.createObjectNode().set("samples", samples).toString());
        assertEquals(200, r.status(), r.text());
        JsonNode records = r.json().get("records");
        assertEquals(200, records.size());
        for (int i = 0; i < 200; i++) {
            JsonNode want = expected.get(i);
            JsonNode got = records.get(i);
            assertEquals(want.get("id"), got.get("id"));
            assertEquals(want.get("reward").asDouble(), got.get("reward").asDouble(), 1e-12, got.toString());
            assertEquals(want.get("advantage").asDouble(), got.get("advantage").asDouble(), 1e-12, got.toString());
            assertEquals(want.get("terms"), got.get("terms"));
            assertEquals(want.get("rules"), got.get("rules"));
            assertEquals(want.get("observed"), got.get("observed"));
            assertEquals(want.at("/provenance/policy"), got.at("/provenance/policy"));
        }
    }

    @Test
    void badRequestsGetAReasonAndGoodItemsStillFlow() throws Exception {
        assertError(server.send("/get_reward", "{\"query\": [\"x\""), 400, "malformed JSON");
        assertError(server.send("/get_reward", "{\"prompts\": []}"), 400, "field 'query' must be a list");
        assertError(server.send("/get_reward", "{\"query\": [\"a\"], \"prompts\": [\"a\", \"b\"]}"), 400,
                "field 'prompts' must be a list of 1 items");
        assertError(server.send("/reward", "{\"prompt\": \"q\"}"), 400, "missing required field 'response'");
        assertError(server.send("/verify", "{\"response\": {\"output\": []}}"), 400,
                "field 'responses_create_params' must be an object");
        assertError(server.send("/reward", ""), 400, "the request body is empty");
        assertError(server.send("/v1/score", "{\"prompt\": \"q\"}"), 400, "the body must be a list of samples");
        assertError(server.send("/v1/score", "[{\"prompt\":\"q\",\"completion\":\"a\",\"confidence\":7}]"), 400,
                "every sample was rejected; first: index 0: confidence must be in [0,1], got 7.0");
        assertError(server.send("/v1/score", "x".repeat(300_000)), 413, "over the limit of 200000 bytes");
        assertError(server.send("/nowhere", "{}"), 404, "no route /nowhere");
        assertEquals(405, server.get("/v1/score").statusCode());

        Server.Reply mixed = server.send("/v1/score", "[{\"id\":\"ok-1\",\"prompt\":\"1+1?\",\"completion\":\"\\\\boxed{2}\","
                + "\"reference\":2},{\"id\":\"bad\",\"prompt\":\"q\",\"completion\":\"a\",\"confidence\":1.7},"
                + "{\"id\":\"ok-1\",\"prompt\":\"q\",\"completion\":\"a\"}]");
        assertEquals(200, mixed.status(), mixed.text());
        assertEquals(1.0, mixed.json().at("/records/0/reward").asDouble(), mixed.text());
        assertTrue(mixed.json().at("/records/1").isNull());
        assertTrue(mixed.json().at("/records/2").isNull());
        assertEquals(1, mixed.json().at("/rejected/0/index").asInt());
        assertEquals("bad", mixed.json().at("/rejected/0/id").asText());
        assertEquals("confidence must be in [0,1], got 1.7", mixed.json().at("/rejected/0/error").asText());
        assertEquals("duplicate id 'ok-1' (first at index 0)", mixed.json().at("/rejected/1/error").asText());
        assertTrue(server.process.isAlive());
    }

    private static void assertError(Server.Reply r, int status, String reason) {
        assertEquals(status, r.status(), r.text());
        assertNotNull(r.json(), "errors are JSON: " + r.text());
        assertTrue(r.json().get("error").asText().contains(reason), r.text());
    }

    @Test
    void theTrainersStepAndExtraFieldsReachTheRules() throws Exception {
        String verl = "{\"prompt\":[{\"role\":\"user\",\"content\":\"2+2?\"}],\"completion\":\"<answer>4</answer>\","
                + "\"data_source\":\"gsm8k\",\"reward_model\":{\"ground_truth\":4},\"extra_info\":{\"index\":3}}";
        Server.Reply early = server.send("/v1/score", "{\"samples\":[" + verl + "],\"step\":50}");
        assertEquals(200, early.status(), early.text());
        JsonNode before = early.json().at("/records/0");
        assertFalse(before.get("terms").has("format"), before.toString());
        assertEquals("math", before.at("/observed/domain").asText(),
                "--domain math holds over a data_source --domain-map does not map (issue 19: gsm8k overrode it)");
        assertEquals(1.0, before.at("/terms/exact_match/value").asDouble(), "ground_truth 4 (a number) matched");

        Server.Reply late = server.send("/v1/score", "[" + verl + "]", "X-Rewire-Step", "150");
        JsonNode after = late.json().at("/records/0");
        assertEquals(2.0, after.at("/terms/format/weight").asDouble(), after.toString());
        assertTrue(after.get("rules").toString().contains("schedule: format counts from step 100 on gsm8k"));

        assertError(server.send("/v1/score", "[" + verl + "]", "X-Rewire-Step", "soon"), 400,
                "header X-Rewire-Step must be a whole number >= 0");
    }

    @Test
    void concurrentRequestsOfOnePromptAreScoredAsOneGroup() throws Exception {
        // TTRL: no label, so math samples get majority_vote, which needs the group: three say 4, one says 5.
        // open four connections first, so the four requests leave together
        List<CompletableFuture<?>> warm = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            warm.add(server.http.sendAsync(java.net.http.HttpRequest.newBuilder(server.base.resolve("/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        List<CompletableFuture<Server.Reply>> replies = new ArrayList<>();
        for (String answer : List.of("4", "4", "5", "4")) {
            replies.add(server.sendAsync("/reward", "{\"prompt\":\"What is 2+2? (group test)\",\"response\":"
                    + "\"\\\\boxed{" + answer + "}\",\"label\":null}"));
        }
        List<Double> votes = new ArrayList<>();
        Set<Long> batches = new HashSet<>();
        for (CompletableFuture<Server.Reply> f : replies) {
            Server.Reply r = f.get(1, TimeUnit.MINUTES);
            assertEquals(200, r.status(), r.text());
            votes.add(r.json().at("/terms/majority_vote/value").asDouble());
            batches.add(r.json().get("batch").asLong());
        }
        assertEquals(1, batches.size(), "sent together within --max-wait-ms, scored in one micro-batch");
        assertEquals(List.of(1.0, 1.0, 0.0, 1.0), votes);
    }

    @Test
    void metricsAndStatsNameTermsAsTrainersDo() throws Exception {
        server.send("/reward", Server.resource("slime_reward_string_prompt.json"));
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("rewire_requests_seconds_count{endpoint=\"/reward\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("rewire_requests_seconds_bucket{"), "a latency histogram");
        assertTrue(metrics.contains("rewire_batch_samples_count"), metrics);
        assertTrue(metrics.contains("rewire_term_mean{term=\"exact_match\",window=\"since_swap\"}"), metrics);
        assertTrue(metrics.contains("rewire_bundle_info{bundle=\"dev.rewire.terms.answer\",version=\"0.1.0\"} 1"), metrics);
        String policy = Rewire.JSON.readTree(server.get("/ready").body()).get("policy").asText();
        assertTrue(metrics.contains("rewire_policy_info{sha256=\"" + policy + "\"} 1"), metrics);
        JsonNode stats = Rewire.JSON.readTree(server.get("/stats").body());
        assertTrue(stats.get("rewards/exact_match/mean").isNumber(), stats.toString());
        assertTrue(stats.has("rewards/exact_match/abstain_rate"), stats.toString());
    }

    @Test
    void thePythonClientWorksAgainstTheServer() throws Exception {
        Path client = Rewire.EXAMPLES.getParent().resolve("clients/python");
        assumeTrue(python() != null, "python3 is not installed: the Python client is tested where it is");
        ProcessBuilder pb = new ProcessBuilder(python(), "-m", "unittest", "-v", "test_rewire_client.py")
                .directory(client.toFile()).redirectErrorStream(true);
        pb.environment().put("REWIRE_URL", server.base.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("skipped"), "the live tests ran: " + out);
    }

    private static String python() {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, "python3"))) {
                return Path.of(dir, "python3").toString();
            }
        }
        return null;
    }

    private static Set<String> names(String json, String field) throws Exception {
        Set<String> names = new HashSet<>();
        Rewire.JSON.readTree(json).get(field).forEach(n -> names.add(n.asText()));
        return names;
    }
}
