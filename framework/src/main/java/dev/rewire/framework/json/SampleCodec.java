package dev.rewire.framework.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one JSONL line into a {@link Sample}, validating every field so that a bad record is
 * rejected with a message naming the field, never half-read. Stateless and thread safe.
 *
 * <p>Required: {@code id}, {@code prompt_id}, {@code domain}, {@code prompt}, {@code completion}
 * (strings). Optional: {@code source} (string, default {@code unknown}), {@code completion_tokens}
 * (whole number), {@code reference} (string),
 * {@code confidence} (number in [0,1]), {@code answer_token_probs} (array of [p1, p2] with
 * 0 <= p2 <= p1 <= 1), {@code rm_score} (finite number), {@code approved} (boolean),
 * {@code judgments} (array of judgments). Unknown fields are ignored, so records may carry metadata.
 */
public final class SampleCodec {

    private SampleCodec() {
    }

    public static Sample decode(String line) throws InvalidRecordException {
        JsonNode node;
        try {
            node = RewireJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getOriginalMessage(), null);
        }
        return decode(node);
    }

    public static Sample decode(JsonNode node) throws InvalidRecordException {
        Fields f = new Fields(node);
        String id = f.requiredString("id");
        f.id = id;
        String promptId = f.requiredString("prompt_id");
        String domain = f.requiredString("domain");
        String prompt = f.requiredString("prompt");
        String completion = f.requiredString("completion");
        String source = f.optionalString("source");
        String reference = f.optionalString("reference");
        Double confidence = f.optionalNumber("confidence");
        if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
            throw f.invalid("confidence must be in [0,1], got " + confidence);
        }
        Double tokens = f.optionalNumber("completion_tokens");
        if (tokens != null && (tokens < 0 || tokens != Math.rint(tokens))) {
            throw f.invalid("completion_tokens must be a whole number >= 0, got " + tokens);
        }
        Double rmScore = f.optionalNumber("rm_score");
        Boolean approved = f.optionalBoolean("approved");
        List<double[]> tokenProbs = decodeTokenProbs(f);
        List<Judgment> judgments = JudgmentCodec.decodeAll(f);
        return new Sample(id, promptId, domain, source == null ? "unknown" : source, prompt, completion,
                tokens == null ? null : tokens.intValue(), reference, confidence, tokenProbs, rmScore, approved, judgments);
    }

    private static List<double[]> decodeTokenProbs(Fields f) throws InvalidRecordException {
        JsonNode array = f.optionalArray("answer_token_probs");
        if (array == null) {
            return null;
        }
        List<double[]> probs = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode pair = array.get(i);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                throw f.invalid("answer_token_probs[" + i + "] must be [p_top1, p_top2]");
            }
            double p1 = pair.get(0).doubleValue();
            double p2 = pair.get(1).doubleValue();
            if (!(p2 >= 0 && p2 <= p1 && p1 <= 1)) {
                throw f.invalid("answer_token_probs[" + i + "] must satisfy 0 <= p_top2 <= p_top1 <= 1, got ["
                        + p1 + ", " + p2 + "]");
            }
            probs.add(new double[] {p1, p2});
        }
        return probs;
    }
}
