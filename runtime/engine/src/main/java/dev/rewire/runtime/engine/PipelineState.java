package dev.rewire.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the batches of a run depend on besides their own samples, as it stands after one batch:
 * the checks' last outcomes (facts for the next batch's policy), the state the check bundles keep
 * ({@link dev.rewire.framework.spi.BatchCheck#state}: a baseline measured on the first batches) and
 * the per-term statistics. A {@link Checkpoint} carries it, so that a resumed run goes on exactly as
 * the run it resumes would have. Immutable.
 *
 * @param lastChecks the outcomes the next batch's policy sees
 * @param checks     each stateful check's state, by check id
 * @param terms      each term's statistics ({@link TermStatistics#saved()}), by term id
 */
public record PipelineState(List<CheckOutcome> lastChecks, Map<String, Map<String, Double>> checks,
                            Map<String, Map<String, Double>> terms) {

    public PipelineState {
        lastChecks = List.copyOf(lastChecks);
        checks = Map.copyOf(checks);
        terms = Map.copyOf(terms);
    }

    public ObjectNode toJson() {
        ObjectNode json = RewireJson.mapper().createObjectNode();
        var outcomes = json.putArray("last_checks");
        for (CheckOutcome o : lastChecks) {
            ObjectNode n = outcomes.addObject();
            n.put("check", o.getCheckId());
            n.put("status", o.getStatus().name());
            n.put("batch", o.getBatchIndex());
            n.set("metrics", RewireJson.mapper().valueToTree(o.getMetrics()));
        }
        json.set("checks", RewireJson.mapper().valueToTree(checks));
        json.set("terms", RewireJson.mapper().valueToTree(terms));
        return json;
    }

    public static PipelineState fromJson(JsonNode json) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (JsonNode n : json.path("last_checks")) {
            CheckResult result = new CheckResult(n.path("check").asText(), CheckStatus.valueOf(n.path("status").asText()),
                    numbers(n.path("metrics")), "");
            outcomes.add(new CheckOutcome(result, n.path("batch").asLong()));
        }
        Map<String, Map<String, Double>> checks = new LinkedHashMap<>();
        json.path("checks").fields().forEachRemaining(e -> checks.put(e.getKey(), numbers(e.getValue())));
        Map<String, Map<String, Double>> terms = new LinkedHashMap<>();
        json.path("terms").fields().forEachRemaining(e -> terms.put(e.getKey(), numbers(e.getValue())));
        return new PipelineState(outcomes, checks, terms);
    }

    /** A JSON object of numbers; NaN and the infinities come back from the strings Jackson writes them as. */
    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isNumber() ? e.getValue().doubleValue() : Double.parseDouble(e.getValue().asText()));
        }
        return out;
    }
}
