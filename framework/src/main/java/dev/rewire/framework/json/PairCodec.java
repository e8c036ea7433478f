package dev.rewire.framework.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import java.util.List;
import java.util.Set;

/**
 * Decodes one JSONL line into a {@link PreferencePair}: {@code id}, {@code prompt_id},
 * {@code prompt}, {@code a}, {@code b} (strings, required), {@code domain} (default
 * {@code general}), {@code judgments} (required, non-empty; each pick one of {@code a}, {@code b},
 * {@code tie}, {@code skip}). Stateless and thread safe.
 */
public final class PairCodec {

    private static final Set<String> PICKS = Set.of("a", "b", "tie", "skip");

    private PairCodec() {
    }

    public static PreferencePair decode(String line) throws InvalidRecordException {
        JsonNode node;
        try {
            node = RewireJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(JsonErrors.describe(e), null);
        }
        Fields f = new Fields(node);
        f.id = f.requiredString("id");
        if (f.id.isBlank()) {
            throw f.invalid("field 'id' is empty");
        }
        String promptId = f.requiredString("prompt_id");
        String prompt = f.requiredString("prompt");
        String a = f.requiredString("a");
        String b = f.requiredString("b");
        String domain = f.optionalString("domain");
        List<Judgment> judgments = JudgmentCodec.decodeAll(f);
        if (judgments.isEmpty()) {
            throw f.invalid("a preference pair needs at least one judgment");
        }
        for (int i = 0; i < judgments.size(); i++) {
            if (!PICKS.contains(judgments.get(i).pick())) {
                throw f.invalid("judgments[" + i + "].pick must be a, b, tie or skip, got \"" + judgments.get(i).pick() + "\"");
            }
        }
        return new PreferencePair(f.id, promptId, prompt, a, b, domain == null ? "general" : domain, judgments);
    }
}
