package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewire diff} on samples whose rewards are known by hand: math samples, 4 per prompt, 10
 * prompts, the first {@code p % 4} answers of prompt p right (13 of 40 right; 7 groups mixed, 3 all
 * wrong). Under the default policy a math sample's reward is its exact_match (1 or 0, weight 1).
 */
class DiffIT {

    private static final String MATH_RULE = "insert( new Route( $s.getId(), \"exact_match\", 1.0, drools.getRule().getName() ) );";

    private static Path samples(Path work) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            for (int i = 0; i < 4; i++) {
                String answer = i < p % 4 ? "998" : "997";
                lines.add("{\"id\":\"d-" + p + "-" + i + "\",\"prompt_id\":\"dp-" + p + "\",\"domain\":\"math\","
                        + "\"source\":\"dataset\",\"prompt\":\"What is 908 plus 90?\",\"completion\":\"It is \\\\boxed{"
                        + answer + "}\",\"reference\":\"998\"}");
            }
        }
        Path file = work.resolve("samples.jsonl");
        Files.write(file, lines);
        return file;
    }

    /** The default policy with the weight of the math exact_match route (the first such rule) replaced. */
    private static Path policyWithMathWeight(Path work, String name, String weight) throws Exception {
        String drl = Files.readString(Rewire.POLICY.resolve("default.drl"));
        int at = drl.indexOf(MATH_RULE);
        assertTrue(at > 0 && drl.indexOf("domain == \"math\", hasReference") < at, "the math rule moved");
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("default.drl"), drl.substring(0, at)
                + MATH_RULE.replace("1.0", weight) + drl.substring(at + MATH_RULE.length()));
        return dir;
    }

    @Test
    void aDoubledWeightShiftsMathRewardsAndNothingElse(@TempDir Path work) throws Exception {
        Path in = samples(work);
        Path doubled = policyWithMathWeight(work, "doubled", "2.0");
        Rewire.Result r = Rewire.run(work, "diff", "--in", in.toString(), "--policy", Rewire.POLICY.toString(),
                "--candidate-policy", doubled.toString(), "--batch-size", "40", "--report", "d.html", "--report-json", "d.json",
                "--keep-scored", "scored", "--fail-if", "mean_reward_shift>0.3");
        assertEquals(6, r.status(), r.stderr());
        assertTrue(r.stderr().contains("thresholds crossed: mean_reward_shift>0.3: 0.325"), r.stderr());
        JsonNode json = Rewire.JSON.readTree(work.resolve("d.json").toFile());
        JsonNode d = json.get("diff");
        assertEquals(40, d.get("samples_compared").asLong());
        assertEquals(0.325, d.at("/reward/mean_base").asDouble(), 1e-12);
        assertEquals(0.65, d.at("/reward/mean_candidate").asDouble(), 1e-12);
        assertEquals(0.325, d.at("/reward/mean_shift").asDouble(), 1e-12);
        assertEquals(0, d.at("/reward/sign_flips").asLong());
        assertEquals(1.0, d.at("/terms/exact_match/mean_weight_base").asDouble(), 1e-12);
        assertEquals(2.0, d.at("/terms/exact_match/mean_weight_candidate").asDouble(), 1e-12);
        assertEquals(1.0, d.at("/terms/exact_match/mean_weight_shift").asDouble(), 1e-12);
        assertEquals(0.0, d.at("/terms/length_penalty/mean_weight_shift").asDouble(), 1e-12);
        assertEquals(0.325, d.at("/domains/math/reward/mean_shift").asDouble(), 1e-12);
        assertEquals(10, d.at("/ranks/groups").asLong());
        assertEquals(0, d.at("/ranks/argmax_changed").asLong());
        assertEquals(1.0, d.at("/ranks/mean_kendall_tau").asDouble(), 1e-12);
        assertEquals(7, d.at("/ranks/groups_with_tau").asLong());
        assertEquals(27, d.at("/reward_deltas/unchanged").asLong());
        assertEquals(List.of("mean_reward_shift>0.3: 0.325000"), Rewire.JSON.convertValue(json.get("thresholds_crossed"),
                List.class));
        // the movers: the 13 right answers moved by +1; the first 20 by |delta| then id are listed with both traces
        JsonNode first = d.get("movers").get(0);
        assertEquals(13, d.get("movers").size());
        assertEquals("d-1-0", first.get("id").asText());
        assertEquals(1.0, first.at("/base/terms/exact_match/weight").asDouble());
        assertEquals(2.0, first.at("/candidate/terms/exact_match/weight").asDouble());
        assertTrue(first.at("/candidate/rules").toString().contains("math: answer checked against the reference"));
        String html = Files.readString(work.resolve("d.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg") && html.contains("Mean reward shift by domain")
                && html.contains("Mean weight shift by term") && html.contains("<code>d-1-0</code>"), html);
        assertTrue(html.contains("1.000 &times; weight 2.000"), "the candidate trace shows the doubled weight");

        // the same diff from the two files that run scored, one with a line that is not a record
        Files.writeString(work.resolve("scored/candidate.jsonl"), "{\"id\":\"broken\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        Rewire.Result scored = Rewire.run(work, "diff", "--scored", "scored/base.jsonl", "scored/candidate.jsonl",
                "--json", "-", "--fail-if", "sign_flip_rate>0");
        assertEquals(0, scored.status(), scored.stderr());
        // --json: diff's former name of --report-json still works, says so on stderr in one line, and stdout stays JSON
        assertTrue(scored.stderr().contains("rewire: --json is the former name of --report-json; it still works, but write "
                + "--report-json (the same name in every command)\n"), scored.stderr());
        assertTrue(scored.stderr().contains("scored/candidate.jsonl line 41: rewire score output without 'prompt_id', 'reward', 'advantage', 'terms', 'observed'"), scored.stderr());
        JsonNode again = Rewire.JSON.readTree(scored.stdout()).get("diff");
        assertEquals(40, again.get("samples_compared").asLong());
        assertEquals(0.325, again.at("/reward/mean_shift").asDouble(), 1e-12);
        assertEquals(d.get("terms"), again.get("terms"));
        assertEquals(d.get("ranks"), again.get("ranks"));
    }

    @Test
    void aNegatedWeightFlipsEveryMixedGroup(@TempDir Path work) throws Exception {
        Path in = samples(work);
        Path negated = policyWithMathWeight(work, "negated", "-1.0");
        Rewire.Result r = Rewire.run(work, "diff", "--in", in.toString(), "--policy", Rewire.POLICY.toString(),
                "--candidate-policy", negated.toString(), "--batch-size", "40", "--report-json", "d.json",
                "--fail-if", "sign_flip_rate>0.75", "--fail-if", "mean_reward_shift[math]>0.7");
        assertEquals(0, r.status(), r.stderr());
        JsonNode d = Rewire.JSON.readTree(work.resolve("d.json").toFile()).get("diff");
        assertEquals(-0.325, d.at("/reward/mean_candidate").asDouble(), 1e-12);
        assertEquals(-0.65, d.at("/reward/mean_shift").asDouble(), 1e-12);
        // the 28 samples of the 7 mixed groups flip; the all-wrong groups stay at advantage 0
        assertEquals(28, d.at("/reward/sign_flips").asLong());
        assertEquals(0.7, d.at("/reward/sign_flip_rate").asDouble(), 1e-12);
        assertEquals(7, d.at("/ranks/argmax_changed").asLong());
        assertEquals(0.7, d.at("/ranks/argmax_change_rate").asDouble(), 1e-12);
        assertEquals(-1.0, d.at("/ranks/mean_kendall_tau").asDouble(), 1e-12);
        assertEquals(-2.0, d.at("/terms/exact_match/mean_weight_shift").asDouble(), 1e-12);

        Rewire.Result missing = Rewire.run(work, "diff", "--scored", "missing-a.jsonl", "missing-b.jsonl");
        assertEquals(2, missing.status(), missing.stderr());
        assertTrue(missing.stderr().contains("--scored missing-a.jsonl: no such file"), missing.stderr());
        Rewire.Result unknown = Rewire.run(work, "diff", "--in", in.toString(), "--candidate-policy", negated.toString(),
                "--fail-if", "reward_moved>0.1");
        assertEquals(2, unknown.status(), unknown.stderr());
        assertTrue(unknown.stderr().contains("--fail-if 'reward_moved>0.1': unknown metric 'reward_moved'; metrics: "
                + "mean_reward_shift, "), unknown.stderr());
    }
}
