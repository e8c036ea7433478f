package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.ServeFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NeMo Gym's session routes: /seed_session, /aggregate_metrics as Gym's compute_aggregate_metrics, /reverify_mode. */
class NemoGymSessionTest {

    private static final String RESPONSES = "{\"verify_responses\":["
            + "{\"_ng_task_index\":1,\"_ng_rollout_index\":1,\"reward\":0.0,\"reward_exact_match\":0,\"correct\":false,"
            + "\"response\":{\"usage\":{\"output_tokens\":30}},\"question\":\"q1\"},"
            + "{\"_ng_task_index\":0,\"_ng_rollout_index\":0,\"reward\":1.0,\"reward_exact_match\":1,\"correct\":true,"
            + "\"response\":{\"usage\":{\"output_tokens\":10}}},"
            + "{\"_ng_task_index\":1,\"_ng_rollout_index\":0,\"reward\":1.0,\"reward_exact_match\":1,\"correct\":true,"
            + "\"response\":{\"usage\":{\"output_tokens\":20}}}]}";

    @Test
    void seedIsEmptyAndVerifyIsStateless() {
        assertEquals(Map.of(), NemoGymSession.seed());
        assertEquals("stateless", NemoGymSession.REVERIFY_MODE);
    }

    @Test
    void aggregateGivesMeanMaxMinMedianAndSampleStdPerTaskAndOverall() throws Exception {
        Map<String, Object> out = NemoGymSession.aggregate(json(RESPONSES));
        @SuppressWarnings("unchecked")
        Map<String, Object> agent = (Map<String, Object>) out.get("agent_metrics");
        assertEquals(2.0 / 3, (double) agent.get("mean/reward"), 1e-12);
        assertEquals(1.0, agent.get("max/reward"));
        assertEquals(0.0, agent.get("min/reward"));
        assertEquals(1.0, agent.get("median/reward"));
        assertEquals(Math.sqrt(1.0 / 3), (double) agent.get("std/reward"), 1e-12, "one degree of freedom");
        assertEquals(2.0 / 3, (double) agent.get("mean/correct"), 1e-12, "booleans count as 0/1");
        assertEquals(20.0, agent.get("mean/output_tokens"), "the response's usage numbers too");
        assertFalse(agent.containsKey("mean/_ng_task_index"), "the indices are not metrics");
        assertFalse(agent.containsKey("mean/question"), "text is not a metric");
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) out.get("key_metrics");
        assertEquals(agent.keySet().stream().filter(k -> k.startsWith("mean/")).toList(), List.copyOf(key.keySet()));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) out.get("group_level_metrics");
        assertEquals(List.of(0L, 1L), groups.stream().map(g -> g.get("_ng_task_index")).toList(), "tasks in order");
        Map<String, Object> task1 = groups.get(1);
        assertEquals(0.5, task1.get("mean/reward"));
        assertEquals(2, task1.get("num_rollouts"));
        assertEquals(0.0, groups.get(0).get("std/reward"), "one rollout: std 0");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> infos = (List<Map<String, Object>>) task1.get("rollout_infos");
        assertEquals(List.of("1:0", "1:1"), infos.stream().map(i -> i.get("rollout_id")).toList(), "rollouts in order");
    }

    @Test
    void noResponsesAggregateToEmptyMetricsAndAWrongBodyIsA400() throws Exception {
        assertEquals(Map.of("group_level_metrics", List.of(), "agent_metrics", Map.of(), "key_metrics", Map.of()),
                NemoGymSession.aggregate(json("{\"verify_responses\":[]}")));
        assertEquals("the body must be {\"verify_responses\": [...]} (NeMo Gym's AggregateMetricsRequest)",
                assertThrows(BadRequestException.class, () -> NemoGymSession.aggregate(json("{}"))).getMessage());
        assertEquals("verify_responses[0] must be a JSON object",
                assertThrows(BadRequestException.class, () -> NemoGymSession.aggregate(json("{\"verify_responses\":[1]}")))
                        .getMessage());
    }
}
