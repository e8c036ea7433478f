package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenRLHF's remote reward model ({@code --reward.remote_url http://host:8777/get_reward}; client in
 * openrlhf/utils/agent.py, reference server openrlhf/cli/serve_rm.py):
 * {@code {"query": [prompt+response], "prompts": [prompt], "labels": [label]}} in,
 * {@code {"rewards": [..], "scores": [..], "extra_logs": {term: [..], "rewire_group_size": [..],
 * "rewire_group_complete": [..]}}} out (OpenRLHF logs every key per sample). The completion is the
 * query with its prompt prefix removed. Empty lists (what the second and later URLs receive) answer
 * empty lists. OpenRLHF has no per-item error channel, so any bad item fails the request with 400.
 */
final class OpenRlhfProtocol implements Protocol {

    /** The extra_logs columns that say, per sample, the size of its group and whether it was whole (1) or not (0). */
    static final String GROUP_SIZE = "rewire_group_size";
    static final String GROUP_COMPLETE = "rewire_group_complete";

    @Override
    public ParsedRequest parse(JsonNode body, RequestContext context) throws BadRequestException {
        if (!body.isObject()) {
            throw new BadRequestException("the body must be a JSON object {\"query\", \"prompts\", \"labels\"}");
        }
        JsonNode query = Json.requiredArray(body, "query");
        JsonNode prompts = Json.optionalArray(body, "prompts", query.size());
        JsonNode labels = Json.optionalArray(body, "labels", query.size());
        List<Sample> samples = new ArrayList<>(query.size());
        int[] positions = new int[query.size()];
        for (int i = 0; i < query.size(); i++) {
            if (!query.get(i).isTextual()) {
                throw new BadRequestException("query[" + i + "] must be a string");
            }
            String q = query.get(i).textValue();
            String prompt = prompts == null || !prompts.get(i).isTextual() ? "" : prompts.get(i).textValue();
            ObjectNode sample = RewireJson.mapper().createObjectNode();
            sample.put("prompt", prompt);
            sample.put("completion", q.startsWith(prompt) ? q.substring(prompt.length()) : q);
            JsonNode label = labels == null ? null : labels.get(i);
            if (label != null && !label.isNull() && !(label.isTextual() && label.textValue().isEmpty())) {
                sample.set("reference", label);
            }
            try {
                samples.add(context.decode(sample, i));
            } catch (InvalidRecordException e) {
                throw new BadRequestException("query[" + i + "]: " + e.getMessage());
            }
            positions[i] = i;
        }
        return new ParsedRequest(body, query.size(), samples, positions, List.of());
    }

    @Override
    public Object respond(ParsedRequest request, MicroBatcher.Scored scored, RequestContext context) {
        List<Double> rewards = new ArrayList<>();
        Map<String, List<Double>> extraLogs = new LinkedHashMap<>();
        context.logTerms().forEach(t -> extraLogs.put(t, new ArrayList<>()));
        // OpenRLHF gets no record: the group each reward was scored in is logged beside the terms
        List<Double> groupSize = new ArrayList<>();
        List<Double> groupComplete = new ArrayList<>();
        for (RewardRecord r : scored.records()) {
            rewards.add(r.reward());
            for (String term : context.logTerms()) {
                extraLogs.get(term).add(TermColumns.valueOrZero(r, term));
            }
            groupSize.add(r.group() == null ? 1.0 : r.group().size());
            groupComplete.add(r.group() != null && r.group().complete() ? 1.0 : 0.0);
        }
        extraLogs.put(GROUP_SIZE, groupSize);
        extraLogs.put(GROUP_COMPLETE, groupComplete);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rewards", rewards);
        out.put("scores", rewards);
        out.put("extra_logs", extraLogs);
        return out;
    }
}
