package dev.rewire.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.framework.spi.TermResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one line of {@code rewire score} output back as the checks see a sample: id, prompt,
 * batch, reward, advantage, term values (or abstentions) and the {@code observed} block.
 */
final class ScoredRecordReader {

    private ScoredRecordReader() {
    }

    /** A scored record and the batch it was scored in. */
    record Scored(long batch, ScoredSample sample) {
    }

    static Scored read(String line) {
        JsonNode n;
        try {
            n = RewireJson.mapper().readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        for (String field : new String[] {"id", "prompt_id", "reward", "advantage", "terms", "observed"}) {
            if (!n.hasNonNull(field)) {
                throw new IllegalArgumentException("missing field '" + field + "' (is this rewire score output?)");
            }
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
}
