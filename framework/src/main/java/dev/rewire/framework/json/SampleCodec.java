package dev.rewire.framework.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one sample (a JSONL line or a JSON object) into a {@link Sample}, validating every field
 * so that a bad record is rejected with a message naming the field, never half-read. Stateless and
 * thread safe.
 *
 * <p>Required: {@code prompt} and {@code completion}, each a string or a chat-message list
 * ({@code [{"role", "content"}]}; a completion given as messages is the text of its assistant
 * messages). Derived when missing: {@code id} (the caller's fallback, e.g. {@code line-12}),
 * {@code prompt_id} (veRL's {@code uid}, NeMo Gym's task, veRL's {@code extra_info.index}, else the
 * prompt's hash; a sample with none of them is a group of one: {@link GroupKeys}), {@code domain} (veRL's {@code data_source}, else {@code unknown}).
 * Optional: {@code source} (string, default {@code unknown}), {@code completion_tokens} (whole
 * number), {@code reference} (any JSON value: a string as it is, anything else as its JSON text;
 * veRL's {@code ground_truth} and {@code reward_model.ground_truth} are read when it is missing),
 * {@code confidence} (number in [0,1]), {@code answer_token_probs} (array of [p1, p2] with
 * 0 <= p2 <= p1 <= 1), {@code rm_score} (finite number), {@code approved} (boolean),
 * {@code judgments} (array of judgments), {@code step} (the trainer's global step, a whole number).
 * Every other field is kept in {@link Sample#fields()}, where rules can read it.
 */
public final class SampleCodec {

    /** Fields with a meaning of their own; everything else is kept as a sample field. */
    /** What an annotator may answer about a sample (a pair's picks are a, b, tie, skip: PairCodec). */
    static final Set<String> SAMPLE_PICKS = Set.of(Judgment.APPROVE, Judgment.REJECT, Judgment.SKIP);

    private static final Set<String> KNOWN = Set.of(SampleFields.ID, SampleFields.PROMPT_ID, SampleFields.DOMAIN, SampleFields.SOURCE, SampleFields.PROMPT, SampleFields.COMPLETION,
            SampleFields.COMPLETION_TOKENS, SampleFields.REFERENCE, SampleFields.CONFIDENCE, SampleFields.ANSWER_TOKEN_PROBS, SampleFields.RM_SCORE, SampleFields.APPROVED, SampleFields.JUDGMENTS,
            SampleFields.STEP);

    private SampleCodec() {
    }

    /** Decodes a line whose record must carry its own {@code id}. */
    public static Sample decode(String line) throws InvalidRecordException {
        return decode(line, null);
    }

    /**
     * Decodes a line.
     *
     * @param fallbackId the id of a record that has none (null: an id is required)
     */
    public static Sample decode(String line, String fallbackId) throws InvalidRecordException {
        Sample flat = FlatSampleDecoder.decode(line, fallbackId);
        if (flat != null) {
            return flat;
        }
        JsonNode node;
        try {
            node = RewireJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(JsonErrors.describe(e), null);
        }
        return decode(node, fallbackId);
    }

    public static Sample decode(JsonNode node) throws InvalidRecordException {
        return decode(node, null);
    }

    public static Sample decode(JsonNode node, String fallbackId) throws InvalidRecordException {
        Fields f = new Fields(node);
        String id = f.optionalString(SampleFields.ID);
        if (id == null) {
            if (fallbackId == null) {
                throw f.invalid("missing required field 'id'");
            }
            id = fallbackId;
        } else if (id.isBlank()) {
            throw f.invalid("field 'id' is empty");
        }
        f.id = id;
        TrainerShapes.requireSampleShape(f, node);
        JsonNode promptNode = f.required(SampleFields.PROMPT);
        String prompt = ChatText.of(f, SampleFields.PROMPT, promptNode, false);
        String completion = ChatText.of(f, SampleFields.COMPLETION, f.required(SampleFields.COMPLETION), true);
        String promptId = f.optionalString(SampleFields.PROMPT_ID);
        if (promptId == null) {
            GroupKeys.checkTypes(f, node);
            promptId = GroupKeys.derive(node, promptNode, id);
        }
        String domain = f.optionalString(SampleFields.DOMAIN);
        if (domain == null) {
            domain = f.optionalString(SampleFields.DATA_SOURCE);
        }
        String source = f.optionalString(SampleFields.SOURCE);
        String reference = reference(f, node);
        Double confidence = f.optionalNumber(SampleFields.CONFIDENCE);
        if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
            throw f.invalid("confidence must be in [0,1], got " + confidence);
        }
        Double tokens = f.optionalNumber(SampleFields.COMPLETION_TOKENS);
        if (tokens != null && (tokens < 0 || tokens != Math.rint(tokens) || tokens > Integer.MAX_VALUE)) {
            throw f.invalid("completion_tokens must be a whole number >= 0, got " + tokens);
        }
        Double step = f.optionalNumber(SampleFields.STEP);
        if (step != null && (step < 0 || step != Math.rint(step) || step > 9.0e15)) {
            throw f.invalid("step must be a whole number >= 0, got " + step);
        }
        Double rmScore = f.optionalNumber(SampleFields.RM_SCORE);
        Boolean approved = f.optionalBoolean(SampleFields.APPROVED);
        List<double[]> tokenProbs = decodeTokenProbs(f);
        List<Judgment> judgments = JudgmentCodec.decodeAll(f);
        for (int i = 0; i < judgments.size(); i++) {
            if (!SAMPLE_PICKS.contains(judgments.get(i).pick())) {
                throw f.invalid("judgments[" + i + "].pick must be approve, reject or skip, got \""
                        + judgments.get(i).pick() + "\"");
            }
        }
        return new Sample(id, promptId, domain == null ? "unknown" : domain, source == null ? "unknown" : source,
                prompt, completion, tokens == null ? null : tokens.intValue(), reference, confidence, tokenProbs,
                rmScore, approved, judgments, otherFields(node), step == null ? null : step.longValue());
    }

    /** {@code reference}, else veRL's {@code ground_truth} or {@code reward_model.ground_truth}. */
    private static String reference(Fields f, JsonNode node) throws InvalidRecordException {
        String field = SampleFields.REFERENCE;
        JsonNode ref = present(node.get(field));
        if (ref == null) {
            field = SampleFields.GROUND_TRUTH;
            ref = present(node.get(field));
        }
        if (ref == null && node.get(SampleFields.REWARD_MODEL) != null) {
            field = SampleFields.REWARD_MODEL + "." + SampleFields.GROUND_TRUTH;
            ref = present(node.get(SampleFields.REWARD_MODEL).get(SampleFields.GROUND_TRUTH));
        }
        if (ref == null) {
            return null;
        }
        if (ref.isNumber() && !Double.isFinite(ref.doubleValue())) {
            // Jackson reads 1e400 as Infinity: the reference would silently become the text "Infinity"
            throw f.invalid("field '" + field + "' is a number beyond the range of a double (over 1.8e308 in size)");
        }
        return f.text(field, ref.isTextual() ? ref.textValue()
                : ref.isNumber() ? ref.numberValue().toString() : ref.toString());
    }

    private static JsonNode present(JsonNode v) {
        return v == null || v.isNull() ? null : v;
    }

    private static Map<String, Object> otherFields(JsonNode node) {
        Map<String, Object> fields = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KNOWN.contains(e.getKey()) && !e.getValue().isNull()) {
                if (fields == null) {
                    fields = new LinkedHashMap<>();
                }
                fields.put(e.getKey(), RewireJson.mapper().convertValue(e.getValue(), Object.class));
            }
        }
        return fields == null ? Map.of() : fields;
    }

    private static List<double[]> decodeTokenProbs(Fields f) throws InvalidRecordException {
        JsonNode array = f.optionalArray(SampleFields.ANSWER_TOKEN_PROBS);
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
