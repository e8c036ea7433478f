package dev.rewire.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Provenance;
import dev.rewire.framework.model.RewardRecord;
import dev.rewire.framework.model.TermOutcome;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one line of {@code rewire score} output back: as the checks see a sample (id, prompt,
 * reward, advantage, term values or abstentions, the {@code observed} block) and as the record it
 * was (weights, rules, verdict, provenance), for reports and traces.
 */
final class ScoredRecordReader {

    private ScoredRecordReader() {
    }

    /** A scored record, the batch it was scored in, and the sample as checks see it. */
    record Scored(long batch, ScoredSample sample, RewardRecord record) {
    }

    static Scored read(String line) {
        return read(tree(line));
    }

    /** A line as a JSON tree. */
    static JsonNode tree(String line) {
        try {
            return RewireJson.mapper().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    static Scored read(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (String field : new String[] {"id", "prompt_id", "reward", "advantage", "terms", "observed"}) {
            if (!n.hasNonNull(field)) {
                throw new IllegalArgumentException("missing field '" + field + "' (is this rewire score output?)");
            }
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
            outcomes.put(e.getKey(), new TermOutcome(abstained == null ? t.get("value").asDouble() : null,
                    t.path("weight").asDouble(), abstained, rules));
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
        RewardRecord record = new RewardRecord(id, promptId, batch, reward, advantage, outcomes, rules, verdict(n),
                observed, provenance(n));
        return new Scored(batch, new ScoredSample(id, promptId, observed, results, reward, advantage), record);
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
}
