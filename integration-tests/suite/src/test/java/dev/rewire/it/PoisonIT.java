package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One poisoned sample and a real rule that throws on it: the sample is rejected with the rule and
 * the reason, and every other sample is scored as if the poisoned one had never been sent (in
 * {@code score}: the rejects file and exit 3; in {@code serve}: an error for that request only, or
 * that item of a {@code /v1/score} request, while the requests batched with it are answered 200).
 */
class PoisonIT {

    /** A rule beside the default policy that throws on every sample carrying {@code "poison": true}. */
    static final String POISON_RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.SampleFact;
            rule "test: trips on a poisoned sample"
            when
                $s : SampleFact( fields["poison"] == true )
            then
                throw new IllegalStateException("cannot weigh " + $s.getId());
            end
            """;

    private static final String RULE_NAMED = "rule \"test: trips on a poisoned sample\": IllegalStateException: cannot weigh ";

    private static String sample(int i, boolean poison) {
        int prompt = i / 4;
        String answer = i % 3 == 0 ? String.valueOf(prompt + 1) : "0";
        return "{\"id\":\"" + (poison ? "poison-" : "s-") + i + "\",\"prompt_id\":\"p" + prompt + "\",\"domain\":\"math\","
                + "\"prompt\":\"" + prompt + "+1?\",\"completion\":\"it is \\\\boxed{" + answer + "}\","
                + "\"reference\":\"" + (prompt + 1) + "\"" + (poison ? ",\"poison\":true" : "") + "}";
    }

    @Test
    void scoreRejectsThePoisonedSamplesAndScoresTheRestAsWithoutThem(@TempDir Path work) throws Exception {
        Path policy = Server.policyWith(work, "poison.drl", POISON_RULE);
        List<String> lines = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            boolean poison = i == 5 || i == 37;
            lines.add(sample(i, poison));
            if (!poison) {
                clean.add(sample(i, false));
            }
        }
        Path in = work.resolve("in.jsonl");
        Files.write(in, lines);
        Path cleanIn = work.resolve("clean.jsonl");
        Files.write(cleanIn, clean);
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString(),
                "--policy", policy.toString(), "--batch-size", "16");
        assertEquals(3, r.status(), "finished with rejections: " + r.stderr());
        List<JsonNode> records = Rewire.readJsonl(out);
        assertEquals(62, records.size(), r.stderr());
        List<JsonNode> rejects = Rewire.readJsonl(work.resolve("out.rejects.jsonl"));
        assertEquals(List.of(6, 38), rejects.stream().map(j -> j.get("line").asInt()).toList());
        assertEquals(List.of("poison-5", "poison-37"), rejects.stream().map(j -> j.get("id").asText()).toList());
        assertTrue(rejects.get(0).get("error").asText().contains("threw on this sample: " + RULE_NAMED + "poison-5"),
                rejects.get(0).toString());
        assertEquals(lines.get(5), rejects.get(0).get("record").asText(), "the line as read");
        assertTrue(r.stderr().contains("rejected line 6 (id poison-5)"), r.stderr());
        assertFalse(r.stderr().contains("retired"), "the policy stays in force: " + r.stderr());

        // the others: exactly the records of a run without the poisoned lines (their groups less them)
        Path cleanOut = work.resolve("clean-out.jsonl");
        Rewire.Result c = Rewire.run(work, "score", "--in", cleanIn.toString(), "--out", cleanOut.toString(),
                "--policy", policy.toString(), "--batch-size", "16");
        assertEquals(0, c.status(), c.stderr());
        Map<String, String> expected = byId(Rewire.readJsonl(cleanOut));
        Map<String, String> actual = byId(records);
        assertEquals(expected, actual);
    }

    /** Each record's reward, advantage and terms by id (batch indices differ: the batches hold other samples). */
    private static Map<String, String> byId(List<JsonNode> records) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode r : records) {
            out.put(r.get("id").asText(), r.get("reward") + " " + r.get("advantage") + " " + r.get("terms"));
        }
        return out;
    }

    @Test
    void serveAnswersThePoisonedRequestsAloneWithTheRuleAndScoresTheOthers(@TempDir Path work) throws Exception {
        Path policy = Server.policyWith(work, "poison.drl", POISON_RULE);
        try (Server server = new Server(work, "--policy", policy.toString(), "--max-wait-ms", "200").awaitReady()) {
            for (int round = 0; round < 3; round++) {
                // innocent and poisoned requests at once, so that they share micro-batches
                List<CompletableFuture<Server.Reply>> innocent = new ArrayList<>();
                List<CompletableFuture<Server.Reply>> poisoned = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    boolean poison = i % 5 == 2;
                    String body = "[" + sample(100 * round + i, poison) + "]";
                    (poison ? poisoned : innocent).add(server.sendAsync("/v1/score", body));
                }
                for (CompletableFuture<Server.Reply> f : innocent) {
                    Server.Reply reply = f.get();
                    assertEquals(200, reply.status(), reply.text());
                    assertTrue(reply.json().at("/records/0/reward").isNumber(), reply.text());
                }
                for (CompletableFuture<Server.Reply> f : poisoned) {
                    Server.Reply reply = f.get();
                    assertEquals(422, reply.status(), reply.text());
                    assertTrue(reply.json().get("error").asText().contains(RULE_NAMED), reply.text());
                }
            }
            // a poisoned request alone in its micro-batch: its own clear error, the policy stays
            Server.Reply alone = server.send("/v1/score", "[" + sample(900, true) + "]");
            assertEquals(422, alone.status(), alone.text());
            assertTrue(alone.json().get("error").asText().contains(RULE_NAMED + "poison-900"), alone.text());
            assertEquals(200, server.send("/v1/score", "[" + sample(901, false) + "]").status());
            assertFalse(server.stderr().contains("retired"), server.stderr());

            // one request, one poisoned item: that item is rejected, the others scored
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 8; i++) {
                body.append(i == 0 ? "" : ",").append(sample(1000 + i, i == 3));
            }
            Server.Reply reply = server.send("/v1/score", body.append(']').toString());
            assertEquals(200, reply.status(), reply.text());
            assertTrue(reply.json().at("/records/3").isNull(), reply.text());
            for (int i : new int[] {0, 1, 2, 4, 5, 6, 7}) {
                assertTrue(reply.json().at("/records/" + i + "/reward").isNumber(), reply.text());
            }
            assertEquals(3, reply.json().at("/rejected/0/index").asInt(), reply.text());
            assertEquals("poison-1003", reply.json().at("/rejected/0/id").asText(), reply.text());
            assertTrue(reply.json().at("/rejected/0/error").asText().contains(RULE_NAMED + "poison-1003"), reply.text());
            assertEquals(0, server.terminate(), "a clean stop on SIGTERM exits 0:\n" + server.stderr());
            assertFalse(server.stderr().contains("\tat "), "no stack trace: " + server.stderr());
        }
    }
}
