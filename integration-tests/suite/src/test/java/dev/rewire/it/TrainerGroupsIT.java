package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: every trainer's call sequence, replayed against {@code rewire serve}, gets the rewards
 * {@code rewire score} gives the same samples grouped as the trainer grouped them. The samples are
 * label-free math, so the default policy routes {@code majority_vote}, a term whose value depends on
 * the group: four prompts with four answers each, a wrong minority in three of them.
 *
 * <p>The server runs with {@code --group-size 4}: single-sample requests of one key are held until
 * the group is whole. Requests are sent one every 25 ms, five times {@code --max-wait-ms}, so
 * micro-batching alone could never put a group together: only the group key and the barrier do.
 * Where a trainer sends nothing to group by (OpenRLHF before 2025: only {@code query}) or sends one
 * request at a time without a declared size, the samples are groups of one and their records say so.
 */
class TrainerGroupsIT {

    static final String[][] ANSWERS = {{"4", "4", "5", "4"}, {"7", "8", "8", "8"}, {"3", "3", "3", "3"},
            {"10", "11", "11", "12"}};
    static final int N = 4;

    @TempDir
    static Path work;
    static Server server;
    /** score's reward of answer (k, j) scored in prompt k's group of four. */
    static final Map<String, Double> grouped = new HashMap<>();
    /** score's reward of answer (k, j) scored alone. */
    static final Map<String, Double> alone = new HashMap<>();
    /** score's reward of NeMo Gym rollout "task:rollout" in its task's group. */
    static final Map<String, Double> gym = new HashMap<>();
    static List<JsonNode> scored;
    static final List<JsonNode> agentLoop = new ArrayList<>();

    static String prompt(int k) {
        return "Problem " + k + " of the group replay: what is the answer?";
    }

    static String completion(int k, int j) {
        return "The answer is \\boxed{" + ANSWERS[k][j] + "}.";
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server(work, "--domain", "math", "--group-size", "4", "--group-wait-ms", "20000",
                "--max-wait-ms", "5").awaitReady();
        for (String line : Server.resource("nemo_gym_agent_loop.jsonl").split("\n")) {
            agentLoop.add(Rewire.JSON.readTree(line));
        }
        // the same samples for rewire score, grouped as each trainer groups them
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < ANSWERS.length; k++) {
            for (int j = 0; j < N; j++) {
                lines.add(sample("g-" + k + "-" + j, "g" + k, completion(k, j)));
                lines.add(sample("a-" + k + "-" + j, "alone-" + k + "-" + j, completion(k, j)));
            }
        }
        for (JsonNode call : agentLoop) {
            if (call.get("path").asText().equals("/verify")) {
                JsonNode b = call.get("body");
                lines.add(sample("gym-" + b.get("_ng_task_index") + ":" + b.get("_ng_rollout_index"),
                        "task-" + b.get("_ng_task_index"),
                        b.at("/response/output/1/content/0/text").asText()));
            }
        }
        Path in = work.resolve("replay.jsonl");
        Files.write(in, lines, StandardCharsets.UTF_8);
        Rewire.Result score = Rewire.run(work, "score", "--in", in.toString(), "--out",
                work.resolve("replay.scored.jsonl").toString(), "--group-size", "4");
        assertEquals(0, score.status(), score.stderr());
        scored = Rewire.readJsonl(work.resolve("replay.scored.jsonl"));
        for (JsonNode r : scored) {
            String id = r.get("id").asText();
            double reward = r.get("reward").asDouble();
            if (id.startsWith("g-")) {
                grouped.put(id.substring(2), reward);
            } else if (id.startsWith("a-")) {
                alone.put(id.substring(2), reward);
            } else {
                gym.put(id.substring(4), reward);
            }
        }
    }

    private static String sample(String id, String promptId, String completion) {
        ObjectNode s = Rewire.JSON.createObjectNode();
        s.put("id", id).put("prompt_id", promptId).put("domain", "math").put("prompt", "p").put("completion", completion);
        return s.toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void scoreStatesGroupsAndTheVoteIsAVoteOnlyInAGroup() {
        for (JsonNode r : scored) {
            boolean inGroup = !r.get("id").asText().startsWith("a-");
            assertEquals(inGroup ? N : 1, r.at("/group/size").asInt(), r.toString());
            assertEquals(inGroup, r.at("/group/complete").asBoolean(), r.toString());
            assertEquals(N, r.at("/group/expected").asInt(), r.toString());
            if (!inGroup) {
                assertEquals("group of 1 sample: a vote needs at least 2 (min_group)",
                        r.at("/terms/majority_vote/abstained").asText(), r.toString());
            }
        }
        // the wrong minority answer loses the vote in its group; alone it would have been its own plurality
        assertEquals(0.0, scored.stream().filter(r -> r.get("id").asText().equals("g-0-2")).findFirst().orElseThrow()
                .at("/terms/majority_vote/value").asDouble());
    }

    /** The samples in a shuffled order, as generation finishes them. */
    private static List<int[]> shuffled(long seed) {
        List<int[]> order = new ArrayList<>();
        for (int k = 0; k < ANSWERS.length; k++) {
            for (int j = 0; j < N; j++) {
                order.add(new int[] {k, j});
            }
        }
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    /** Sends one request per sample, 25 ms apart, without waiting for answers; returns them in send order. */
    private static List<Server.Reply> staggered(String path, List<String> bodies, String... headers) throws Exception {
        List<CompletableFuture<Server.Reply>> replies = new ArrayList<>();
        for (String body : bodies) {
            replies.add(server.sendAsync(path, body, headers));
            Thread.sleep(25);
        }
        List<Server.Reply> out = new ArrayList<>();
        for (CompletableFuture<Server.Reply> f : replies) {
            Server.Reply r = f.get(2, TimeUnit.MINUTES);
            assertEquals(200, r.status(), r.text());
            out.add(r);
        }
        return out;
    }

    private static String key(int[] kj) {
        return kj[0] + "-" + kj[1];
    }

    @Test
    void openRlhfWithPromptsGetsTheRewardsOfWholeGroups() throws Exception {
        List<int[]> order = shuffled(1);
        List<String> bodies = new ArrayList<>();
        for (int[] kj : order) {
            ObjectNode b = Rewire.JSON.createObjectNode();
            b.putArray("query").add(prompt(kj[0]) + completion(kj[0], kj[1]));
            b.putArray("prompts").add(prompt(kj[0]));
            b.putArray("labels").add("");
            bodies.add(b.toString());
        }
        List<Server.Reply> replies = staggered("/get_reward", bodies);
        for (int i = 0; i < order.size(); i++) {
            assertEquals(grouped.get(key(order.get(i))), replies.get(i).json().at("/rewards/0").asDouble(), 1e-12,
                    key(order.get(i)) + ": " + replies.get(i).text());
            assertEquals(4.0, replies.get(i).json().at("/extra_logs/rewire_group_size/0").asDouble(), replies.get(i).text());
            assertEquals(1.0, replies.get(i).json().at("/extra_logs/rewire_group_complete/0").asDouble());
        }
    }

    @Test
    void openRlhfWithoutPromptsNeverPutsUnrelatedSamplesInOneGroup() throws Exception {
        // OpenRLHF before early 2025 sends only the query: nothing says which prompt a sample belongs to
        List<int[]> order = shuffled(2);
        List<CompletableFuture<Server.Reply>> replies = new ArrayList<>();
        for (int[] kj : order) {
            ObjectNode b = Rewire.JSON.createObjectNode();
            b.putArray("query").add(completion(kj[0], kj[1]));
            replies.add(server.sendAsync("/get_reward", b.toString()));
        }
        for (int i = 0; i < order.size(); i++) {
            Server.Reply r = replies.get(i).get(2, TimeUnit.MINUTES);
            assertEquals(200, r.status(), r.text());
            assertEquals(alone.get(key(order.get(i))), r.json().at("/rewards/0").asDouble(), 1e-12, r.text());
            assertEquals(1.0, r.json().at("/extra_logs/rewire_group_size/0").asDouble(), r.text());
            assertEquals(0.0, r.json().at("/extra_logs/rewire_group_complete/0").asDouble(),
                    "a sample with nothing to group it by, on a server expecting groups of 4, says so: " + r.text());
        }
    }

    @Test
    void slimeWithMessagePromptsGetsWholeGroupsAndTheRecordSaysSo() throws Exception {
        List<int[]> order = shuffled(3);
        List<String> bodies = new ArrayList<>();
        for (int[] kj : order) {
            ObjectNode b = Rewire.JSON.createObjectNode();
            b.putArray("prompt").addObject().put("role", "user").put("content", prompt(kj[0]));
            b.put("response", completion(kj[0], kj[1]));
            b.putNull("label");
            bodies.add(b.toString());
        }
        List<Server.Reply> replies = staggered("/reward", bodies);
        for (int i = 0; i < order.size(); i++) {
            JsonNode record = replies.get(i).json();
            assertEquals(grouped.get(key(order.get(i))), record.get("reward").asDouble(), 1e-12, record.toString());
            assertEquals(Rewire.JSON.readTree("{\"size\":4,\"complete\":true,\"expected\":4}"), record.get("group"));
        }
    }

    @Test
    void slimeOneRequestAtATimeWithoutADeclaredSizeGetsGroupsOfOneThatSaySo() throws Exception {
        // a client that waits for each answer before sending the next, on a server with no group size
        // (the header stands for such a server): the vote abstains instead of calling every answer right
        for (int j = 0; j < N; j++) {
            Server.Reply r = server.send("/reward", "{\"prompt\":\"" + prompt(0) + "\",\"response\":\""
                    + completion(0, j).replace("\\", "\\\\") + "\",\"label\":null}", "X-Rewire-Group-Size", "0");
            assertEquals(200, r.status(), r.text());
            assertEquals(alone.get("0-" + j), r.json().get("reward").asDouble(), 1e-12, r.text());
            assertEquals(1, r.json().at("/group/size").asInt(), r.text());
            assertFalse(r.json().at("/group/complete").asBoolean(), "nobody said the group is whole: " + r.text());
            assertTrue(r.json().at("/terms/majority_vote/abstained").asText().startsWith("group of 1 sample"), r.text());
        }
    }

    @Test
    void verlPerSampleCallsWithoutAQuestionGroupByTheDatasetRow() throws Exception {
        // veRL's compute_score through clients/python: data_source, solution, ground truth, extra_info (index, split)
        List<int[]> order = shuffled(4);
        List<String> bodies = new ArrayList<>();
        for (int[] kj : order) {
            bodies.add("[" + verlSample(kj) + "]");
        }
        List<Server.Reply> replies = staggered("/v1/score", bodies);
        for (int i = 0; i < order.size(); i++) {
            JsonNode record = replies.get(i).json().at("/records/0");
            assertEquals(grouped.get(key(order.get(i))), record.get("reward").asDouble(), 1e-12, record.toString());
            assertEquals("row-openai/gsm8k/train/" + order.get(i)[0], record.get("prompt_id").asText());
            assertEquals("math", record.at("/observed/domain").asText(), "--domain math over an unmapped data_source");
        }
    }

    private static String verlSample(int[] kj) {
        ObjectNode s = Rewire.JSON.createObjectNode();
        s.put("prompt", "").put("completion", completion(kj[0], kj[1])).putNull("reference");
        s.put("data_source", "openai/gsm8k");
        s.putObject("extra_info").put("split", "train").put("index", kj[0]);
        return s.toString();
    }

    @Test
    void verlBatchCallsWithoutAQuestionAreNoLongerOneGroup() throws Exception {
        // compute_score_batch: every sample of the step in one request, no question in extra_info
        List<int[]> order = shuffled(5);
        ArrayNode samples = Rewire.JSON.createArrayNode();
        for (int[] kj : order) {
            samples.add(Rewire.JSON.readTree(verlSample(kj)));
        }
        Server.Reply r = server.send("/v1/score", samples.toString());
        assertEquals(200, r.status(), r.text());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(grouped.get(key(order.get(i))), r.json().at("/records/" + i + "/reward").asDouble(), 1e-12,
                    r.json().at("/records/" + i).toString());
        }
    }

    @Test
    void trlGroupsSplitAcrossRanksAreJoinedByTheDeclaredSize() throws Exception {
        // TRL: each rank calls the reward function with its slice; here two ranks hold two of each prompt's four
        List<CompletableFuture<Server.Reply>> ranks = new ArrayList<>();
        List<List<int[]>> slices = List.of(new ArrayList<>(), new ArrayList<>());
        for (int k = 0; k < ANSWERS.length; k++) {
            for (int j = 0; j < N; j++) {
                slices.get(j % 2).add(new int[] {k, j});
            }
        }
        for (List<int[]> slice : slices) {
            ArrayNode samples = Rewire.JSON.createArrayNode();
            for (int[] kj : slice) {
                samples.addObject().put("prompt", prompt(kj[0])).put("completion", completion(kj[0], kj[1]));
            }
            ObjectNode body = Rewire.JSON.createObjectNode();
            body.set("samples", samples);
            body.put("group_size", N);
            ranks.add(server.sendAsync("/v1/score", body.toString(), "X-Rewire-Group-Size", "0"));
            Thread.sleep(50);
        }
        for (int rank = 0; rank < 2; rank++) {
            Server.Reply r = ranks.get(rank).get(2, TimeUnit.MINUTES);
            assertEquals(200, r.status(), r.text());
            for (int i = 0; i < slices.get(rank).size(); i++) {
                JsonNode record = r.json().at("/records/" + i);
                assertEquals(grouped.get(key(slices.get(rank).get(i))), record.get("reward").asDouble(), 1e-12,
                        record.toString());
                assertTrue(record.at("/group/complete").asBoolean(), record.toString());
            }
        }
    }

    @Test
    void nemoGymsAgentLoopCompletesWithWholeTaskGroupsAndAggregateMetrics() throws Exception {
        // simple_agent.run: /seed_session, the model, /verify, for every rollout concurrently; then rollout
        // collection posts the verify responses to /aggregate_metrics (recorded sequence, protocols/)
        List<CompletableFuture<Server.Reply>> verifies = new ArrayList<>();
        List<JsonNode> sent = new ArrayList<>();
        for (JsonNode call : agentLoop) {
            String path = call.get("path").asText();
            if (path.equals("/seed_session")) {
                Server.Reply seed = server.send(path, call.get("body").toString());
                assertEquals(200, seed.status(), seed.text());
                assertEquals("{}", seed.text());
            } else {
                verifies.add(server.sendAsync(path, call.get("body").toString()));
                sent.add(call.get("body"));
                Thread.sleep(25);
            }
        }
        ArrayNode responses = Rewire.JSON.createArrayNode();
        Map<Long, List<Double>> byTask = new HashMap<>();
        for (int i = 0; i < verifies.size(); i++) {
            Server.Reply r = verifies.get(i).get(2, TimeUnit.MINUTES);
            assertEquals(200, r.status(), r.text());
            JsonNode b = sent.get(i);
            String rollout = b.get("_ng_task_index") + ":" + b.get("_ng_rollout_index");
            assertEquals(gym.get(rollout), r.json().get("reward").asDouble(), 1e-12, rollout + ": " + r.text());
            assertEquals(N, r.json().at("/rewire/group/size").asInt(), r.text());
            byTask.computeIfAbsent(b.get("_ng_task_index").asLong(), t -> new ArrayList<>())
                    .add(r.json().get("reward").asDouble());
            ObjectNode stripped = ((ObjectNode) r.json()).deepCopy();
            stripped.remove("rewire");
            responses.add(stripped);
        }
        ObjectNode aggregate = Rewire.JSON.createObjectNode();
        aggregate.set("verify_responses", responses);
        Server.Reply metrics = server.send("/aggregate_metrics", aggregate.toString());
        assertEquals(200, metrics.status(), metrics.text());
        JsonNode groups = metrics.json().get("group_level_metrics");
        assertEquals(2, groups.size(), metrics.text());
        for (JsonNode g : groups) {
            List<Double> rewards = byTask.get(g.get("_ng_task_index").asLong());
            assertEquals(rewards.stream().mapToDouble(d -> d).average().orElseThrow(), g.get("mean/reward").asDouble(),
                    1e-12, g.toString());
            assertEquals(N, g.get("num_rollouts").asInt());
            assertTrue(g.has("mean/reward_majority_vote"), "every term's top-level component is aggregated: " + g);
        }
        double all = byTask.values().stream().flatMap(List::stream).mapToDouble(d -> d).average().orElseThrow();
        assertEquals(all, metrics.json().at("/agent_metrics/mean~1reward").asDouble(), 1e-12, metrics.text());
        assertEquals(all, metrics.json().at("/key_metrics/mean~1reward").asDouble(), 1e-12, metrics.text());
        assertEquals("\"stateless\"", server.get("/reverify_mode").body());
    }

    @Test
    void readySaysHowDomainsAndGroupsAreDecided() throws Exception {
        JsonNode ready = Rewire.JSON.readTree(server.get("/ready").body());
        assertEquals("math", ready.at("/domain/default").asText(), ready.toString());
        assertEquals("domain field > --domain-map[data_source] > --domain > data_source > unknown",
                ready.at("/domain/precedence").asText());
        assertEquals(4, ready.at("/groups/size").asInt(), ready.toString());
        assertEquals(20000, ready.at("/groups/wait_ms").asInt(), ready.toString());
    }
}
