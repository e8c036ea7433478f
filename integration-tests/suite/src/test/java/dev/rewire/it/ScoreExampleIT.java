package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rewire score} on the bundled example, every number checked against the formulas by hand. */
class ScoreExampleIT {

    @TempDir
    static Path work;
    static Rewire.Result result;
    static List<JsonNode> records;
    static Map<String, JsonNode> inputs = new HashMap<>();

    @BeforeAll
    static void score() throws Exception {
        Path out = work.resolve("scored.jsonl");
        result = Rewire.run(work, "score", "--in", Rewire.EXAMPLES.resolve("samples.jsonl").toString(),
                "--out", out.toString());
        records = Rewire.readJsonl(out);
        for (JsonNode n : Rewire.readJsonl(Rewire.EXAMPLES.resolve("samples.jsonl"))) {
            inputs.put(n.get("id").asText(), n);
        }
    }

    @Test
    void everySampleIsScoredOnceAndTheRunSaysSo() {
        assertEquals(0, result.status(), result.stderr());
        assertEquals(inputs.size(), records.size());
        assertEquals(inputs.keySet(), records.stream().map(r -> r.get("id").asText())
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(result.stderr().contains("records in " + inputs.size() + ", out " + inputs.size() + ", rejected 0"),
                result.stderr());
        assertTrue(result.stderr().contains("device cpu()"), result.stderr());
        assertFalse(Files.exists(work.resolve("scored.rejects.jsonl")));
    }

    @Test
    void chosenRewardsMatchTheFormulasByHand() {
        Map<String, JsonNode> byId = new HashMap<>();
        records.forEach(r -> byId.put(r.get("id").asText(), r));
        // s-1: math, "\boxed{998}" against reference 998: exact_match 1 at weight 1.
        assertEquals(1.0, byId.get("s-1").get("reward").asDouble(), 1e-12);
        assertEquals(1.0, byId.get("s-1").at("/terms/exact_match/value").asDouble());
        // s-2: math, "\boxed{1003}" against 998: wrong.
        assertEquals(0.0, byId.get("s-2").get("reward").asDouble(), 1e-12);
        // s-9: qa, answered Lyon for Paris in the RLCR format: exact_match 0 + 0.5 x format 1.
        assertEquals(0.5, byId.get("s-9").get("reward").asDouble(), 1e-12);
        assertEquals(List.of("qa: answer checked against the reference", "qa: RLCR tag format"),
                names(byId.get("s-9").get("rules")));
        // s-16: chat from an AI judge, 2 of 3 approvals, stable on retest: 0.5 x 2/3.
        assertEquals(1.0 / 3.0, byId.get("s-16").get("reward").asDouble(), 1e-12);
        assertEquals("GENUINE", byId.get("s-16").get("verdict").asText());
    }

    @Test
    void everyRewardIsTheWeightedSumOfItsTermsAndEachTermFollowsItsFormula() {
        int checkedApprovals = 0;
        for (JsonNode r : records) {
            JsonNode in = inputs.get(r.get("id").asText());
            double sum = 0;
            for (var it = r.get("terms").fields(); it.hasNext(); ) {
                var term = it.next();
                JsonNode v = term.getValue();
                if (v.has("value")) {
                    sum += v.get("value").asDouble() * v.get("weight").asDouble();
                } else {
                    assertTrue(v.has("abstained"), r.toString());
                }
            }
            assertEquals(sum, r.get("reward").asDouble(), 1e-9, r.toString());
            if (in.get("domain").asText().equals("chat")) {
                assertEquals(approvalByHand(in), r.at("/terms/approval/value").asDouble(), 1e-12, r.toString());
                double weight = (in.get("source").asText().equals("ai_judge") ? 0.5 : 1.0)
                        * (flipShare(in) > 0.25 ? 0.25 : 1.0);
                assertEquals(weight, r.at("/terms/approval/weight").asDouble(), 1e-12, r.toString());
                assertEquals(flipShare(in) > 0.25 ? "NON_ATTITUDE" : flipShare(in) >= 0 ? "GENUINE" : null,
                        r.has("verdict") ? r.get("verdict").asText() : null, r.toString());
                checkedApprovals++;
            }
            if (in.get("domain").asText().equals("qa")) {
                assertEquals(0.5, r.at("/terms/format/weight").asDouble());
            }
        }
        assertTrue(checkedApprovals > 500);
    }

    @Test
    void advantagesAreGroupNormalizedWithThePopulationStd() {
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        records.forEach(r -> groups.computeIfAbsent(r.get("prompt_id").asText(), k -> new ArrayList<>()).add(r));
        for (List<JsonNode> g : groups.values()) {
            double mean = g.stream().mapToDouble(r -> r.get("reward").asDouble()).average().orElseThrow();
            double var = g.stream().mapToDouble(r -> Math.pow(r.get("reward").asDouble() - mean, 2)).average().orElseThrow();
            for (JsonNode r : g) {
                double expected = (r.get("reward").asDouble() - mean) / (Math.sqrt(var) + 1e-6);
                assertEquals(expected, r.get("advantage").asDouble(), 1e-9, r.toString());
            }
        }
    }

    @Test
    void provenanceNamesTheBundlesAndThePolicyHash() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("default.drl".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(Rewire.POLICY.resolve("default.drl")));
        String policy = HexFormat.of().formatHex(sha.digest());
        for (JsonNode r : records) {
            assertEquals(policy, r.at("/provenance/policy").asText());
            assertEquals("0.1.0", r.at("/provenance/bundles/dev.rewire.scorer.djl").asText());
        }
        JsonNode math = records.get(0);
        assertEquals("0.1.0", math.at("/provenance/bundles/dev.rewire.terms.answer").asText());
        assertTrue(math.at("/provenance/bundles/dev.rewire.terms.feedback").isMissingNode());
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private static double approvalByHand(JsonNode in) {
        int opinions = 0;
        int approvals = 0;
        for (JsonNode j : in.get("judgments")) {
            String pick = j.get("pick").asText();
            if (!pick.equals("skip")) {
                opinions++;
                approvals += pick.equals("approve") ? 1 : 0;
            }
        }
        return (double) approvals / opinions;
    }

    /** Share of repeated annotators who changed their pick; -1 when nobody was asked twice. */
    private static double flipShare(JsonNode in) {
        Map<String, List<String>> picks = new LinkedHashMap<>();
        for (JsonNode j : in.get("judgments")) {
            picks.computeIfAbsent(j.get("annotator").asText(), k -> new ArrayList<>()).add(j.get("pick").asText());
        }
        int repeated = 0;
        int flipped = 0;
        for (List<String> p : picks.values()) {
            if (p.size() > 1) {
                repeated++;
                flipped += p.stream().distinct().count() > 1 ? 1 : 0;
            }
        }
        return repeated == 0 ? -1 : (double) flipped / repeated;
    }

    @Test
    void outputLeavesOutWhatIsAbsent() {
        JsonNode math = records.get(0);
        assertNull(math.get("verdict"));
    }
}
