package dev.rewire.runtime.host.policy;

import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.policy.Route;
import java.util.List;
import java.util.Map;

/**
 * What the policy decided for one batch.
 *
 * @param routes     routes by sample id, in the order rules created them
 * @param actions    batch actions (e.g. block)
 * @param classifications preference signals' classifications by signal id (the first rule's stands)
 * @param rulesFired how many rule activations fired
 */
public record PolicyDecision(Map<String, List<Route>> routes, List<BatchAction> actions,
                             Map<String, Classification> classifications, int rulesFired) {

    public List<Route> routesOf(String sampleId) {
        return routes.getOrDefault(sampleId, List.of());
    }
}
