package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rest of a NeMo Gym resources server besides {@code /verify}, as Gym's
 * {@code SimpleResourcesServer} (nemo_gym/base_resources_server.py) defines it and its
 * {@code simple_agent} (responses_api_agents/simple_agent/app.py) calls it:
 * <ul>
 *   <li>{@code POST /seed_session}: before every rollout; the base answers {@code {}}, and so does
 *       Rewire, which keeps no per-rollout state.</li>
 *   <li>{@code POST /aggregate_metrics}: {@code {"verify_responses": [..]}} after rollout collection;
 *       answered as Gym's {@code compute_aggregate_metrics} (nemo_gym/reward_profile.py) does with its
 *       defaults: per task ({@code _ng_task_index}) and over all rollouts, {@code mean/max/min/median/std}
 *       of every top-level numeric field (booleans as 0/1; the response's {@code usage} numbers too),
 *       {@code std} with one degree of freedom (0 for a single rollout), and {@code key_metrics} the
 *       {@code mean/} ones. Rewire's {@code reward_<term>} fields are top-level, so every term is there.</li>
 *   <li>{@code GET /reverify_mode}: {@code "stateless"}: a verify answer is a function of the request
 *       under the policy and bundles in force.</li>
 * </ul>
 * Stateless and thread safe.
 */
final class NemoGymSession {

    static final String REVERIFY_MODE = "stateless";
    private static final String TASK = "_ng_task_index";
    private static final String ROLLOUT = "_ng_rollout_index";
    private static final List<String> STATS = List.of("mean", "max", "min", "median", "std");

    private NemoGymSession() {
    }

    static Map<String, Object> seed() {
        return Map.of();
    }

    static Map<String, Object> aggregate(JsonNode body) throws BadRequestException {
        JsonNode responses = body.isObject() ? body.get("verify_responses") : null;
        if (responses == null || !responses.isArray()) {
            throw new BadRequestException("the body must be {\"verify_responses\": [...]} (NeMo Gym's AggregateMetricsRequest)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (responses.isEmpty()) {
            out.put("group_level_metrics", List.of());
            out.put("agent_metrics", Map.of());
            out.put("key_metrics", Map.of());
            return out;
        }
        List<Map<String, Double>> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        Map<Long, List<Integer>> byTask = new TreeMap<>();
        for (int i = 0; i < responses.size(); i++) {
            JsonNode vr = responses.get(i);
            if (!vr.isObject()) {
                throw new BadRequestException("verify_responses[" + i + "] must be a JSON object");
            }
            Map<String, Double> row = numbers(vr);
            columns.addAll(row.keySet());
            rows.add(row);
            byTask.computeIfAbsent(vr.path(TASK).asLong(0), k -> new ArrayList<>()).add(i);
        }
        columns.remove(TASK);
        columns.remove(ROLLOUT);
        List<Map<String, Object>> groups = new ArrayList<>();
        byTask.forEach((task, members) -> groups.add(taskGroup(task, members, responses, rows, columns)));
        Map<String, Object> agent = stats(rows, columns);
        Map<String, Object> key = new LinkedHashMap<>();
        agent.forEach((k, v) -> {
            if (k.startsWith("mean/")) {
                key.put(k, v);
            }
        });
        out.put("group_level_metrics", groups);
        out.put("agent_metrics", agent);
        out.put("key_metrics", key);
        return out;
    }

    /** One task's entry in {@code group_level_metrics}: its statistics, then its rollouts in rollout order. */
    private static Map<String, Object> taskGroup(long task, List<Integer> members, JsonNode responses,
                                                 List<Map<String, Double>> rows, Set<String> columns) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put(TASK, task);
        group.putAll(stats(members.stream().map(rows::get).toList(), columns));
        group.put("sample", Map.of("agent_ref", Map.of("name", "agent")));
        group.put("num_rollouts", members.size());
        group.put("expected_num_rollouts", members.size());
        group.put("missing_num_rollouts", 0);
        group.put("reward_profile_completion_pct", 100.0);
        List<Map<String, Object>> infos = new ArrayList<>();
        for (int m : members) {
            infos.add(rolloutInfo(task, responses.get(m), rows.get(m)));
        }
        infos.sort((a, b) -> Long.compare((Long) a.get(ROLLOUT), (Long) b.get(ROLLOUT)));
        group.put("rollout_infos", infos);
        return group;
    }

    /** One rollout's entry in {@code rollout_infos}: its id ({@code task:rollout}), indexes, then its numbers. */
    private static Map<String, Object> rolloutInfo(long task, JsonNode vr, Map<String, Double> row) {
        Map<String, Object> info = new LinkedHashMap<>();
        long rollout = vr.path(ROLLOUT).asLong(0);
        info.put("rollout_id", task + ":" + rollout);
        info.put(TASK, task);
        info.put(ROLLOUT, rollout);
        row.forEach((k, v) -> {
            if (!k.equals(TASK) && !k.equals(ROLLOUT)) {
                info.put(k, v);
            }
        });
        return info;
    }

    /** A verify response's numeric top-level fields and its response's usage numbers (booleans as 0/1). */
    private static Map<String, Double> numbers(JsonNode vr) {
        Map<String, Double> row = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vr.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("response")) {
                put(row, e.getKey(), e.getValue());
            }
        }
        JsonNode usage = vr.path("response").path("usage");
        for (Iterator<Map.Entry<String, JsonNode>> it = usage.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            put(row, e.getKey(), e.getValue());
        }
        return row;
    }

    private static void put(Map<String, Double> row, String key, JsonNode v) {
        if (v.isBoolean()) {
            row.put(key, v.booleanValue() ? 1.0 : 0.0);
        } else if (v.isNumber()) {
            row.put(key, v.doubleValue());
        }
    }

    /** {@code stat/column} for each statistic, then each column; a column no row has a number for is left out. */
    private static Map<String, Object> stats(List<Map<String, Double>> rows, Set<String> columns) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String c : columns) {
            double[] v = rows.stream().map(r -> r.get(c)).filter(x -> x != null && !x.isNaN())
                    .mapToDouble(Double::doubleValue).toArray();
            if (v.length > 0) {
                values.put(c, v);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String stat : STATS) {
            values.forEach((c, v) -> out.put(stat + "/" + c, stat(stat, v)));
        }
        return out;
    }

    private static double stat(String stat, double[] v) {
        return switch (stat) {
            case "mean" -> Arrays.stream(v).average().orElse(Double.NaN);
            case "max" -> Arrays.stream(v).max().orElse(Double.NaN);
            case "min" -> Arrays.stream(v).min().orElse(Double.NaN);
            case "median" -> dev.rewire.framework.stats.Median.of(v.clone());
            default -> {
                if (v.length < 2) {
                    yield 0.0;
                }
                double mean = Arrays.stream(v).average().orElse(0);
                double ss = 0;
                for (double x : v) {
                    ss += (x - mean) * (x - mean);
                }
                yield Math.sqrt(ss / (v.length - 1));
            }
        };
    }
}
