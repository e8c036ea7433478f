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

    /**
     * The output pinned field by field: a pipeline rework (issue 13's) must not move a single number.
     * When a change means to move them (a new default rule, say), regenerate the pinned file with
     * {@code ./rewire score --in examples/samples.jsonl --out - | gzip -9 > PINNED} and say why in the commit.
     */
    @Test
    void recordsAreThePinnedOutputFieldByField() throws Exception {
        Path pinned = Path.of("src/test/resources/golden/example-scored.jsonl.gz");
        List<JsonNode> expected = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(pinned)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                expected.add(Rewire.JSON.readTree(line));
            }
        }
        assertEquals(expected.size(), records.size());
        for (int i = 0; i < expected.size(); i++) {
            List<String> differences = new ArrayList<>();
            differences(expected.get(i), records.get(i), "", differences);
            assertEquals(List.of(), differences, "record " + (i + 1) + " (" + expected.get(i).get("id") + ")");
        }
    }

    private static void differences(JsonNode expected, JsonNode actual, String path, List<String> out) {
        if (expected.isObject() && actual != null && actual.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differences(expected.get(name), actual.get(name), path + "/" + name, out);
            }
        } else if (expected == null || !expected.equals(actual)) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void chosenRewardsMatchTheFormulasByHand() {
        Map<String, JsonNode> byId = new HashMap<>();
        records.forEach(r -> byId.put(r.get("id").asText(), r));
        // s-1: math, "\boxed{998}" against reference 998: exact_match 1 x 1, no length penalty.
        assertEquals(1.0, byId.get("s-1").get("reward").asDouble(), 1e-12);
        // s-2: math, "\boxed{1003}" against 998.
        assertEquals(0.0, byId.get("s-2").get("reward").asDouble(), 1e-12);
        // s-9: qa, "Lyon" for Paris at stated confidence 0.79: RLCR 0 - 0.79^2, plus 0.5 x format 1.
        assertEquals(-0.79 * 0.79 + 0.5, byId.get("s-9").get("reward").asDouble(), 1e-12);
        assertEquals(List.of("qa: RLCR tag format", "every sample: overlong penalty",
                "a reference and a stated confidence: correctness and calibration (RLCR)"), names(byId.get("s-9").get("rules")));
        assertEquals("paper", byId.get("s-9").at("/provenance/config/rlcr_brier/variant").asText());
        assertEquals(4096, byId.get("s-9").at("/provenance/config/length_penalty/max_tokens").asInt());
        // s-16: chat from an AI judge, 2 of 3 approvals stable on retest, rm_score -0.753, 59 tokens.
        JsonNode s16 = byId.get("s-16");
        assertEquals("GENUINE", s16.get("verdict").asText(), "stable on retest, none faster than 2 s");
        assertEquals(0.5 * 2.0 / 3.0 - 0.753 + 0.1 * s16.at("/terms/verbosity/value").asDouble(),
                s16.get("reward").asDouble(), 1e-12);
    }

    @Test
    void everyRewardIsTheWeightedSumOfItsTermsAndEachTermFollowsItsFormula() {
        Map<String, List<JsonNode>> inputGroups = new LinkedHashMap<>();
        inputs.values().forEach(in -> inputGroups.computeIfAbsent(in.get("prompt_id").asText(), k -> new ArrayList<>()).add(in));
        Map<String, Integer> checked = new java.util.TreeMap<>();
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
                checked.merge(term.getKey(), 1, Integer::sum);
                Double expected = byHand(term.getKey(), in, inputGroups.get(in.get("prompt_id").asText()));
                if (expected == null) {
                    assertTrue(v.has("abstained"), term.getKey() + " should abstain: " + r);
                } else {
                    assertEquals(expected, v.get("value").asDouble(), 1e-9, term.getKey() + ": " + r);
                }
            }
            assertEquals(sum, r.get("reward").asDouble(), 1e-9, r.toString());
            if (in.get("domain").asText().equals("chat")) {
                // The filters' combined verdict: speeding (each annotator judged on their own median: those
                // under 2 s gave at least half of the judgments) before flips on retest.
                String verdict = mostlyHasty(in) ? "ARTIFACT" : flipShare(in) > 0.25 ? "NON_ATTITUDE" : "GENUINE";
                assertEquals(verdict, r.get("verdict").asText(), r.toString());
                // The sophistry gate halves approvals after a batch whose check failed; the rules say when.
                double weight = (in.get("source").asText().equals("ai_judge") ? 0.5 : 1.0)
                        * (verdict.equals("NON_ATTITUDE") ? 0.25 : verdict.equals("ARTIFACT") ? 0.0 : 1.0)
                        * (r.get("rules").toString().contains("sophistry failed last batch") ? 0.5 : 1.0);
                assertEquals(weight, r.at("/terms/approval/weight").asDouble(), 1e-12, r.toString());
            }
        }
        assertEquals(java.util.Set.of("approval", "exact_match", "format", "length_penalty", "majority_vote",
                "rlcr_brier", "rm_score", "self_confidence", "verbosity"), checked.keySet(), "every term is exercised");
    }

    // ---------------------------------------------------------------- the formulas, by hand, for the example's shapes

    private static final java.util.regex.Pattern ANSWER = java.util.regex.Pattern.compile(
            "<answer>(.*?)</answer>|\\\\boxed\\{(.*?)\\}|The answer is (.*?)\\.$");

    private static String answer(JsonNode in) {
        java.util.regex.Matcher m = ANSWER.matcher(in.get("completion").asText());
        String last = null;
        while (m.find()) {
            last = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        }
        return last == null ? null : last.replace(",", "").trim().toLowerCase();
    }

    private static int length(JsonNode in) {
        return in.has("completion_tokens") ? in.get("completion_tokens").asInt()
                : in.get("completion").asText().trim().split("\\s+").length;
    }

    private static Double confidenceTag(JsonNode in) {
        String c = in.get("completion").asText();
        int at = c.lastIndexOf("<confidence>");
        if (at < 0) {
            return null;
        }
        try {
            double q = Double.parseDouble(c.substring(at + 12, c.indexOf("</confidence>", at)));
            return q >= 0 && q <= 1 ? q : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The term's value by its formula, or null where it must abstain. */
    private static Double byHand(String term, JsonNode in, List<JsonNode> group) {
        String reference = in.has("reference") ? in.get("reference").asText().toLowerCase() : null;
        switch (term) {
            case "exact_match":
                return reference.equals(answer(in)) ? 1.0 : 0.0;
            case "format": {
                String c = in.get("completion").asText();
                boolean tags = c.contains("<think>") && c.contains("</answer><analysis>") && c.endsWith("</confidence>");
                return tags && confidenceTag(in) != null ? 1.0 : 0.0;
            }
            case "rlcr_brier": {
                Double q = confidenceTag(in);
                if (q == null) {
                    return null;
                }
                double c = reference.equals(answer(in)) ? 1 : 0;
                return c - (q - c) * (q - c);
            }
            case "length_penalty": {
                int l = length(in);
                return l <= 3584 ? 0.0 : l > 4096 ? -1.0 : -(l - 3584) / 512.0;
            }
            case "approval":
                return approvalByHand(in);
            case "rm_score":
                return in.get("rm_score").asDouble();
            case "verbosity": {
                int[] lengths = group.stream().mapToInt(ScoreExampleIT::length).sorted().toArray();
                int n = lengths.length;
                double median = n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2.0;
                return Math.max(-1, Math.min(1, (median - length(in)) / median));
            }
            case "majority_vote": {
                Map<String, Integer> votes = new LinkedHashMap<>();
                group.forEach(g -> votes.merge(String.valueOf(answer(g)), 1, Integer::sum));
                String majority = votes.entrySet().stream().filter(e -> !e.getKey().equals("null"))
                        .reduce((a, b) -> b.getValue() > a.getValue() ? b : a).map(Map.Entry::getKey).orElse(null);
                return String.valueOf(answer(in)).equals(majority) ? 1.0 : 0.0;
            }
            case "self_confidence": {
                double sum = 0;
                for (JsonNode p : in.get("answer_token_probs")) {
                    sum += p.get(0).asDouble() - p.get(1).asDouble();
                }
                return sum / in.get("answer_token_probs").size();
            }
            default:
                throw new AssertionError("no formula for " + term);
        }
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
        // sha256 over every .drl of the policy folder, sorted by name: name, a 0 byte, the content.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String name : List.of("default.drl", "pairs.drl")) {
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(Rewire.POLICY.resolve(name)));
        }
        String policy = HexFormat.of().formatHex(sha.digest());
        for (JsonNode r : records) {
            assertEquals(policy, r.at("/provenance/policy").asText());
            assertEquals("0.1.0", r.at("/provenance/bundles/dev.rewire.scorer.djl").asText());
        }
        JsonNode math = records.get(0);
        assertEquals("0.1.0", math.at("/provenance/bundles/dev.rewire.terms.answer").asText());
        assertEquals("0.1.0", math.at("/provenance/bundles/dev.rewire.terms.length").asText());
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

    /** Whether annotators whose own median time on the sample is under 2 s gave at least half of its judgments. */
    private static boolean mostlyHasty(JsonNode in) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (JsonNode j : in.get("judgments")) {
            times.computeIfAbsent(j.get("annotator").asText(), k -> new ArrayList<>()).add(j.get("time_ms").asDouble());
        }
        int hasty = 0;
        for (List<Double> own : times.values()) {
            double[] t = own.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
            hasty += median < 2000 ? t.length : 0;
        }
        return hasty > 0 && 2 * hasty >= in.get("judgments").size();
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
