package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real trainer bodies (src/test/resources/protocols, as the trainers send them) and reward records as the pipeline writes them. */
final class ServeFixtures {

    static final String POLICY = "ab".repeat(32);

    private ServeFixtures() {
    }

    static JsonNode json(String text) {
        try {
            return RewireJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A trainer's request body as captured from its client, under src/test/resources/protocols. */
    static JsonNode protocolBody(String name) {
        try (InputStream in = ServeFixtures.class.getResourceAsStream("/protocols/" + name)) {
            return json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RequestContext context(String... logTerms) {
        return new RequestContext("r1-", Domains.none(), null, List.of(logTerms), false, null, 0);
    }

    /** Terms given as name, value pairs (a null value: abstained, "no answer"). */
    static RewardRecord record(String id, String prompt, long batch, double reward, GroupInfo group, Object... terms) {
        Map<String, TermOutcome> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < terms.length; i += 2) {
            Double value = (Double) terms[i + 1];
            outcomes.put((String) terms[i], new TermOutcome(value, 1.0, value == null ? "no answer" : null));
        }
        return new RewardRecord(id, prompt, batch, reward, 0.0, group, outcomes, List.of("rule"), null, null,
                new Provenance(Map.of("dev.rewire.terms.answer", "1.0.0"), POLICY, null));
    }
}
