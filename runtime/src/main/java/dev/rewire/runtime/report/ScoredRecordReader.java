package dev.rewire.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one line of input to {@code rewire check} as the checks see a sample. Two formats:
 * <ul>
 * <li>{@code rewire score} output: id, prompt, batch, reward, advantage, term values (or
 * abstentions) and the {@code observed} block;</li>
 * <li>a plain evaluation record, as any evaluation harness writes one: {@code id},
 * {@code confidence} and {@code correct}, optionally {@code domain}, {@code source},
 * {@code approved}, {@code length}, {@code reward}, {@code prompt_id} and {@code batch}. It has
 * no terms; without a reward its reward is NaN, and checks that need one skip.</li>
 * </ul>
 * A line that is neither is an error naming what each format misses.
 */
final class ScoredRecordReader {

    private static final String[] SCORED_FIELDS = {"id", "prompt_id", "reward", "advantage", "terms", "observed"};
    private static final String[] EVALUATION_FIELDS = {"id", "confidence", "correct"};

    private ScoredRecordReader() {
    }

    /**
     * A record as the checks see it, and the batch it was scored in; {@code batch} is null for an
     * evaluation record that names none (the reader then places it by its position).
     */
    record Scored(Long batch, ScoredSample sample) {
    }

    static Scored read(String line) {
        JsonNode n;
        try {
            n = RewireJson.mapper().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        boolean scoreOutput = n.has("terms") || n.has("advantage") || n.has("observed");
        if (scoreOutput) {
            return scoreOutput(n);
        }
        if (n.has("confidence") || n.has("correct")) {
            return evaluation(n);
        }
        throw new IllegalArgumentException("neither rewire score output (missing " + missing(n, SCORED_FIELDS)
                + ") nor an evaluation record (missing " + missing(n, EVALUATION_FIELDS) + ")");
    }

    private static Scored scoreOutput(JsonNode n) {
        List<String> missing = missingList(n, SCORED_FIELDS);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("rewire score output without " + join(missing));
        }
        Map<String, TermResult> terms = new LinkedHashMap<>();
        n.get("terms").fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            terms.put(e.getKey(), t.hasNonNull("value") ? TermResult.of(t.get("value").asDouble())
                    : TermResult.abstain(t.path("abstained").asText("abstained")));
        });
        JsonNode o = n.get("observed");
        Observation observed = new Observation(o.path("domain").asText("unknown"), o.path("source").asText("unknown"),
                o.path("length").asInt(0), o.hasNonNull("confidence") ? o.get("confidence").asDouble() : null,
                o.hasNonNull("correct") ? o.get("correct").asBoolean() : null,
                o.hasNonNull("approved") ? o.get("approved").asBoolean() : null);
        return new Scored(n.path("batch").asLong(0), new ScoredSample(n.get("id").asText(), n.get("prompt_id").asText(),
                observed, terms, n.get("reward").asDouble(), n.get("advantage").asDouble()));
    }

    private static Scored evaluation(JsonNode n) {
        List<String> missing = missingList(n, EVALUATION_FIELDS);
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
        Integer length = n.hasNonNull("length") ? wholeNumber(n.get("length"), id, "length") : null;
        double reward = Double.NaN;
        if (n.hasNonNull("reward")) {
            if (!n.get("reward").isNumber()) {
                throw new IllegalArgumentException("id " + id + ": 'reward' must be a number, not " + n.get("reward"));
            }
            reward = n.get("reward").asDouble();
        }
        Observation observed = new Observation(n.path("domain").asText("unknown"), n.path("source").asText("unknown"),
                length == null ? 0 : length, c.asDouble(), correct, approved);
        Long batch = n.hasNonNull("batch") ? (long) wholeNumber(n.get("batch"), id, "batch") : null;
        String promptId = n.hasNonNull("prompt_id") ? n.get("prompt_id").asText() : id;
        return new Scored(batch, new ScoredSample(id, promptId, observed, Map.of(), reward, Double.NaN));
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
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw new IllegalArgumentException("id " + id + ": '" + field + "' must be a whole number >= 0, not " + v);
        }
        return v.asInt();
    }

    private static List<String> missingList(JsonNode n, String[] fields) {
        List<String> missing = new ArrayList<>();
        for (String f : fields) {
            if (!n.hasNonNull(f)) {
                missing.add(f);
            }
        }
        return missing;
    }

    private static String missing(JsonNode n, String[] fields) {
        return join(missingList(n, fields));
    }

    private static String join(List<String> fields) {
        return "'" + String.join("', '", fields) + "'";
    }
}
