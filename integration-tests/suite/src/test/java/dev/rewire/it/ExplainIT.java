package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rewire explain}: one sample's story from the example's scored output. */
class ExplainIT {

    @TempDir
    static Path work;
    static Path scored;
    static List<JsonNode> records;

    @BeforeAll
    static void scoreTheExample() throws Exception {
        scored = work.resolve("scored.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", Rewire.EXAMPLES.resolve("samples.jsonl").toString(),
                "--out", scored.toString());
        assertEquals(0, r.status(), r.stderr());
        records = Rewire.readJsonl(scored);
    }

    /** The rewards of the sample's group (same prompt, same batch), computed here from the file. */
    private static double[] group(String promptId, long batch) {
        return records.stream().filter(r -> r.get("prompt_id").asText().equals(promptId) && r.get("batch").asLong() == batch)
                .mapToDouble(r -> r.get("reward").asDouble()).toArray();
    }

    /**
     * s-16: a chat sample from an AI judge. The default policy routes approval at 1.0 and the AI-judge
     * rule halves it, routes rm_score, the overlong penalty and verbosity at 0.1.
     */
    @Test
    void aSampleSStoryAsJson() throws Exception {
        Rewire.Result r = Rewire.run(work, "explain", "s-16", "--in", scored.toString(), "--json");
        assertEquals(0, r.status(), r.stderr());
        JsonNode t = Rewire.JSON.readTree(r.stdout());
        assertEquals("s-16", t.get("id").asText());
        assertEquals("chat-0", t.get("prompt_id").asText());
        assertEquals(0, t.get("batch").asLong());
        assertEquals(16, t.get("line").asLong(), "s-16 is the 16th line of the output");
        JsonNode approval = t.get("terms").get(0);
        assertEquals("approval", approval.get("term").asText());
        assertEquals(0.5, approval.get("weight").asDouble());
        assertEquals("chat: annotator approval", approval.at("/steps/0/rule").asText());
        assertEquals(false, approval.at("/steps/0/scales").asBoolean());
        assertEquals(1.0, approval.at("/steps/0/value").asDouble());
        assertEquals("source: AI-judge approvals count half", approval.at("/steps/1/rule").asText());
        assertEquals(true, approval.at("/steps/1/scales").asBoolean());
        assertEquals(0.5, approval.at("/steps/1/value").asDouble());
        List<String> terms = new ArrayList<>();
        t.get("terms").forEach(x -> terms.add(x.get("term").asText() + " " + x.get("weight").asDouble()));
        assertEquals(List.of("approval 0.5", "length_penalty 1.0", "rm_score 1.0", "verbosity 0.1"), terms);
        assertEquals("chat: verbosity against the group median", t.at("/terms/3/steps/0/rule").asText());
        assertEquals(0.1, t.at("/terms/3/steps/0/value").asDouble());

        double[] g = group("chat-0", 0);
        double mean = java.util.Arrays.stream(g).average().orElseThrow();
        double std = Math.sqrt(java.util.Arrays.stream(g).map(x -> (x - mean) * (x - mean)).sum() / g.length);
        double reward = t.get("reward").asDouble();
        JsonNode stats = t.get("group");
        assertEquals(g.length, stats.get("size").asInt());
        assertEquals(mean, stats.get("mean").asDouble(), 1e-12);
        assertEquals(std, stats.get("std").asDouble(), 1e-12);
        assertEquals("MEAN_STD", stats.get("normalization").asText());
        assertEquals(1e-6, stats.get("epsilon").asDouble());
        assertEquals((reward - mean) / (std + 1e-6), stats.get("recomputed").asDouble(), 1e-9);
        assertEquals(t.get("advantage").asDouble(), stats.get("recomputed").asDouble(), 1e-9, "the recorded advantage");
        long higher = java.util.Arrays.stream(g).filter(x -> x > reward).count();
        assertEquals(higher + 1, stats.get("rank").asInt());
        assertTrue(t.at("/provenance/policy").asText().matches("[0-9a-f]{64}"), t.toString());
        assertEquals("0.1.0", t.at("/provenance/bundles/dev.rewire.terms.feedback").asText(), t.toString());
    }

    /** s-43: a qa sample whose confidence tag does not parse: rlcr_brier abstains with the reason, and the text says so. */
    @Test
    void theTextShowsRulesWeightsAbstentionsAndTheAdvantageArithmetic() throws Exception {
        Rewire.Result r = Rewire.run(work, "explain", "s-43", "--in", scored.toString());
        assertEquals(0, r.status(), r.stderr());
        String text = r.stdout();
        assertTrue(text.startsWith("sample s-43 (prompt qa-2, batch 0, line 43)\n"), text);
        assertTrue(text.contains("  format          0 x 0.5 = 0\n                    =0.5  qa: RLCR tag format\n"), text);
        assertTrue(text.contains("  rlcr_brier      abstained: format: unparsable confidence \"very high\"   (weight 1, adds 0)\n"
                + "                    =1  a reference and a stated confidence: correctness and calibration (RLCR)\n"), text);
        double[] g = group("qa-2", 0);
        assertTrue(text.contains("group qa-2 in batch 0: " + g.length + " samples"), text);
        assertTrue(text.contains("advantage = (reward - mean) / (std + eps) = (0 - "), text);
        assertTrue(text.contains(" (as recorded)\n"), text);
        assertTrue(text.contains("rank " + (java.util.Arrays.stream(g).filter(x -> x > 0).count() + 1) + " of " + g.length),
                text);
        assertTrue(text.contains("policy sha256 "), text);
        assertTrue(text.contains("  rlcr_brier {variant=paper}\n"), text);
    }

    /** s-2: a math answer graded wrong: the record and the text say what was extracted and how it compared. */
    @Test
    void aGradedTermSaysWhatItExtractedAndHowItCompared() throws Exception {
        Rewire.Result r = Rewire.run(work, "explain", "s-2", "--in", scored.toString());
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stdout().contains("  exact_match     0 x 1 = 0\n                    graded: extracted 1003, compared number\n"),
                r.stdout());
        Rewire.Result json = Rewire.run(work, "explain", "s-2", "--in", scored.toString(), "--json");
        JsonNode t = Rewire.JSON.readTree(json.stdout());
        assertEquals("1003", t.at("/terms/0/explanation/extracted").asText(), t.toString());
        assertEquals("number", t.at("/terms/0/explanation/compared").asText(), t.toString());
    }

    @Test
    void anUnknownIdIsAUsageErrorNamingTheIdAndTheFile() throws Exception {
        Rewire.Result r = Rewire.run(work, "explain", "no-such-sample", "--in", scored.toString());
        assertEquals(2, r.status(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("rewire: sample \"no-such-sample\" is not in " + scored
                + " (no readable record has that id)"), r.stderr());
    }

    /** Bad lines are named and skipped; the good ones still explain (the group's statistics over its readable records). */
    @Test
    void badLinesAreSkippedWithTheirNumbers() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(scored));
        lines.add(0, "{not json");
        lines.add(1, "{\"id\":\"x\"}");
        Path damaged = work.resolve("damaged.jsonl");
        Files.write(damaged, lines);
        Rewire.Result r = Rewire.run(work, "explain", "s-9", "--in", damaged.toString(), "--json");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("rewire: skipped line 1: malformed JSON"), r.stderr());
        assertTrue(r.stderr().contains("rewire: skipped line 2: neither rewire score output (missing 'prompt_id', 'reward', 'advantage', 'terms', 'observed')"), r.stderr());
        JsonNode t = Rewire.JSON.readTree(r.stdout());
        assertEquals(11, t.get("line").asLong());
        assertEquals(group("qa-0", 0).length, t.at("/group/size").asInt());
    }
}
