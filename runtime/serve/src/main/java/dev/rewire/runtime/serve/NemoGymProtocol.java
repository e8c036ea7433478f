package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.record.RewardRecord;
import java.util.List;
import java.util.Map;

/**
 * A NeMo Gym resources server's {@code POST /verify} (nemo_gym/base_resources_server.py): the body is
 * the rollout ({@code responses_create_params} with the OpenAI Responses {@code input},
 * {@code response} with its {@code output} items, and the task's fields such as
 * {@code expected_answer}); the answer is the body echoed with {@code reward} and
 * {@code reward_components} ({@code BaseMultiRewardVerifyResponse}), each component also as a
 * top-level {@code reward_<term>} number since Gym's metrics do not descend into the mapping.
 * The completion is the text of the {@code output_text} parts of the {@code message} items
 * (reasoning and tool calls are not graded); the reference is {@code expected_answer}, else
 * {@code reference}, {@code ground_truth} or {@code label}.
 */
final class NemoGymProtocol implements Protocol {

    private static final List<String> REFERENCE_FIELDS = List.of("expected_answer", "reference", "ground_truth", "label");

    @Override
    public ParsedRequest parse(JsonNode body, RequestContext context) throws BadRequestException {
        if (!body.isObject()) {
            throw new BadRequestException("the body must be a JSON object {\"responses_create_params\", \"response\", ...}");
        }
        JsonNode params = Json.requiredObject(body, "responses_create_params");
        JsonNode response = Json.requiredObject(body, "response");
        JsonNode output = Json.requiredArray(response, "output");
        ObjectNode sample = RewireJson.mapper().createObjectNode();
        sample.put("prompt", inputText(params.get("input")));
        sample.put("completion", outputText(output));
        for (String field : REFERENCE_FIELDS) {
            if (body.hasNonNull(field)) {
                sample.set("reference", body.get(field));
                break;
            }
        }
        // the task index is the group key: a task's rollouts are one group (see GroupKeys)
        for (String field : List.of("domain", "source", "step", "confidence", "_ng_task_index", "_ng_rollout_index")) {
            if (body.hasNonNull(field)) {
                sample.set(field, body.get(field));
            }
        }
        try {
            return new ParsedRequest(body, 1, List.of(context.decode(sample, 0)), new int[] {0}, List.of());
        } catch (InvalidRecordException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** The prompt: a string input as it is, else the text content of its messages, one per line. */
    private static String inputText(JsonNode input) throws BadRequestException {
        if (input == null || input.isNull()) {
            throw new BadRequestException("missing required field 'responses_create_params.input'");
        }
        if (input.isTextual()) {
            return input.textValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode item : input) {
            JsonNode content = item.get("content");
            String part = content == null ? "" : content.isTextual() ? content.textValue() : partsText(content, null);
            if (!part.isEmpty()) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(item.path("role").asText("user")).append(": ").append(part);
            }
        }
        return text.toString();
    }

    /** The completion: every {@code output_text} part of every {@code message} item, joined. */
    private static String outputText(JsonNode output) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : output) {
            if ("message".equals(item.path("type").asText()) && item.has("content")) {
                text.append(partsText(item.get("content"), "output_text"));
            }
        }
        return text.toString();
    }

    private static String partsText(JsonNode parts, String type) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if ((type == null || type.equals(part.path("type").asText())) && part.path("text").isTextual()) {
                text.append(part.get("text").textValue());
            }
        }
        return text.toString();
    }

    @Override
    public Object respond(ParsedRequest request, MicroBatcher.Scored scored, RequestContext context) {
        RewardRecord record = scored.records().get(0);
        ObjectNode out = ((ObjectNode) request.body()).deepCopy();
        out.put("reward", record.reward());
        Map<String, Double> components = TermColumns.of(record, context.logTerms());
        ObjectNode mapping = out.putObject("reward_components");
        components.forEach((term, value) -> {
            mapping.put(term, value);
            out.put("reward_" + term, value);
        });
        out.set("rewire", RewireJson.mapper().valueToTree(record));
        return out;
    }
}
