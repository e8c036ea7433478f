package dev.rewire.runtime.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewardRecordCodec;
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

    private static final String[] SCORED_FIELDS = {RewardRecordCodec.ID, RewardRecordCodec.PROMPT_ID,
            RewardRecordCodec.REWARD, RewardRecordCodec.ADVANTAGE, RewardRecordCodec.TERMS, RewardRecordCodec.OBSERVED};
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
        RewardRecord record = RewardRecordCodec.read(n);
        Map<String, TermResult> results = new LinkedHashMap<>();
        record.terms().forEach((term, t) -> results.put(term, t.abstentionReason() == null
                ? TermResult.of(t.value()) : TermResult.abstain(t.abstentionReason())));
        return new Scored(record.batch(), new ScoredSample(record.id(), record.promptId(), record.observed(), results,
                record.reward(), record.advantage()), record, false);
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
