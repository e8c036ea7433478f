package dev.rewire.runtime.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one line of input to {@code rewire check} and {@code rewire explain}. Two formats:
 * <ul>
 * <li>{@code rewire score} output, read back as the checks see a sample (id, prompt, reward,
 * advantage, term values or abstentions, the {@code observed} block) and as the record it was
 * (weights, rules, verdict, provenance), for reports and traces;</li>
 * <li>a plain evaluation record, as any evaluation harness writes one: {@code id},
 * {@code confidence} and {@code correct}, optionally {@code domain}, {@code source},
 * {@code approved}, {@code length}, {@code reward}, {@code prompt_id} and {@code batch}. It has
 * no terms; without a reward its reward is NaN, and checks that need one skip.</li>
 * </ul>
 * A line that is neither is an error naming what each format misses.
 */
public final class ScoredRecordReader {

    private ScoredRecordReader() {
    }

    private static final String[] SCORED_FIELDS = {"id", "prompt_id", "reward", "advantage", "terms", "observed"};
    private static final String[] EVALUATION_FIELDS = {"id", "confidence", "correct"};

    /**
     * A record, the batch it was scored in, and the sample as checks see it. {@code batchFromPosition}
     * is true for an evaluation record that names no batch: it was given the caller's positional batch.
     */
    public record Scored(long batch, ScoredSample sample, RewardRecord record, boolean batchFromPosition) {
    }

    public static Scored read(String line) {
        return read(tree(line), 0);
    }

    /**
     * One line of {@code rewire score} output as the record it was written from (what {@code rewire
     * diff} compares); anything else is an {@link IllegalArgumentException} naming the problem.
     */
    public static RewardRecord scoreRecord(String line) {
        JsonNode n = tree(line);
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return scoreOutput(n).record();
    }

    /** @param positionalBatch the batch of an evaluation record that names none */
    public static Scored read(String line, long positionalBatch) {
        return read(tree(line), positionalBatch);
    }

    /** A line as a JSON tree. */
    static JsonNode tree(String line) {
        try {
            return RewireJson.mapper().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    public static Scored read(JsonNode n, long positionalBatch) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (n.has("terms") || n.has("advantage") || n.has("observed")) {
            return scoreOutput(n);
        }
        if (n.has("confidence") || n.has("correct")) {
            return evaluation(n, positionalBatch);
        }
        throw new IllegalArgumentException("neither rewire score output (missing " + join(missing(n, SCORED_FIELDS))
                + ") nor an evaluation record (missing " + join(missing(n, EVALUATION_FIELDS)) + ")");
    }

    private static Scored scoreOutput(JsonNode n) {
        List<String> missing = missing(n, SCORED_FIELDS);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("rewire score output without " + join(missing));
        }
        Map<String, TermResult> results = new LinkedHashMap<>();
        Map<String, TermOutcome> outcomes = new LinkedHashMap<>();
        n.get("terms").fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            String abstained = t.hasNonNull("value") ? null : t.path("abstained").asText("abstained");
            results.put(e.getKey(), abstained == null ? TermResult.of(t.get("value").asDouble())
                    : TermResult.abstain(abstained));
            List<String> rules = null;
            if (t.has("rules")) {
                rules = new ArrayList<>();
                for (JsonNode step : t.get("rules")) {
                    rules.add(step.asText());
                }
            }
            Map<String, String> explanation = new LinkedHashMap<>();
            t.path("explanation").fields().forEachRemaining(x -> explanation.put(x.getKey(), x.getValue().asText()));
            outcomes.put(e.getKey(), new TermOutcome(abstained == null ? t.get("value").asDouble() : null,
                    t.path("weight").asDouble(), abstained, rules, explanation));
        });
        JsonNode o = n.get("observed");
        Observation observed = new Observation(o.path("domain").asText("unknown"), o.path("source").asText("unknown"),
                o.path("length").asInt(0), o.hasNonNull("confidence") ? o.get("confidence").asDouble() : null,
                o.hasNonNull("correct") ? o.get("correct").asBoolean() : null,
                o.hasNonNull("approved") ? o.get("approved").asBoolean() : null);
        String id = n.get("id").asText();
        String promptId = n.get("prompt_id").asText();
        long batch = n.path("batch").asLong(0);
        double reward = n.get("reward").asDouble();
        double advantage = n.get("advantage").asDouble();
        List<String> rules = new ArrayList<>();
        n.path("rules").forEach(r -> rules.add(r.asText()));
        JsonNode g = n.get("group");
        GroupInfo group = g == null || !g.isObject() ? null : new GroupInfo(g.path("size").asInt(1),
                g.path("complete").asBoolean(true), g.hasNonNull("expected") ? g.get("expected").asInt() : null);
        RewardRecord record = new RewardRecord(id, promptId, batch, reward, advantage, group, outcomes, rules,
                verdict(n), observed, provenance(n));
        return new Scored(batch, new ScoredSample(id, promptId, observed, results, reward, advantage), record, false);
    }

    private static Verdict verdict(JsonNode n) {
        if (!n.hasNonNull("verdict")) {
            return null;
        }
        try {
            return Verdict.valueOf(n.get("verdict").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown verdict '" + n.get("verdict").asText() + "'");
        }
    }

    private static Provenance provenance(JsonNode n) {
        if (!n.hasNonNull("provenance")) {
            return null;
        }
        try {
            return RewireJson.mapper().treeToValue(n.get("provenance"), Provenance.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable provenance: " + e.getOriginalMessage());
        }
    }

    private static Scored evaluation(JsonNode n, long positionalBatch) {
        List<String> missing = missing(n, EVALUATION_FIELDS);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("evaluation record without " + join(missing));
        }
        String id = n.get("id").asText();
        JsonNode c = n.get("confidence");
        if (!c.isNumber() || !(c.asDouble() >= 0 && c.asDouble() <= 1)) {
            throw new IllegalArgumentException("id " + id + ": 'confidence' must be a number in [0,1], not " + c);
        }
        Boolean correct = bool(n.get("correct"), id, "correct");
        Boolean approved = n.hasNonNull("approved") ? bool(n.get("approved"), id, "approved") : null;
        int length = n.hasNonNull("length") ? wholeNumber(n.get("length"), id, "length") : 0;
        double reward = Double.NaN;
        if (n.hasNonNull("reward")) {
            if (!n.get("reward").isNumber()) {
                throw new IllegalArgumentException("id " + id + ": 'reward' must be a number, not " + n.get("reward"));
            }
            reward = n.get("reward").asDouble();
        }
        Observation observed = new Observation(n.path("domain").asText("unknown"), n.path("source").asText("unknown"),
                length, c.asDouble(), correct, approved);
        boolean named = n.hasNonNull("batch");
        long batch = named ? wholeNumber(n.get("batch"), id, "batch") : positionalBatch;
        String promptId = n.hasNonNull("prompt_id") ? n.get("prompt_id").asText() : id;
        RewardRecord record = new RewardRecord(id, promptId, batch, reward, Double.NaN, Map.of(), List.of(), null,
                observed, null);
        return new Scored(batch, new ScoredSample(id, promptId, observed, Map.of(), reward, Double.NaN), record, !named);
    }

    /** true/false, or 1/0 as many harnesses write correctness. */
    private static Boolean bool(JsonNode v, String id, String field) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber() && (v.asDouble() == 0 || v.asDouble() == 1)) {
            return v.asDouble() == 1;
        }
        throw new IllegalArgumentException("id " + id + ": '" + field + "' must be true, false, 1 or 0, not " + v);
    }

    private static int wholeNumber(JsonNode v, String id, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new IllegalArgumentException("id " + id + ": '" + field + "' must be a whole number >= 0, not " + v);
        }
        return v.asInt();
    }

    private static List<String> missing(JsonNode n, String[] fields) {
        List<String> missing = new ArrayList<>();
        for (String f : fields) {
            if (!n.hasNonNull(f)) {
                missing.add(f);
            }
        }
        return missing;
    }

    private static String join(List<String> fields) {
        return "'" + String.join("', '", fields) + "'";
    }
}
