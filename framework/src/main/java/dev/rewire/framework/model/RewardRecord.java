package dev.rewire.framework.model;

import java.util.List;
import java.util.Map;

/**
 * One line of {@code rewire score} output.
 *
 * @param id         the sample id
 * @param promptId   the sample's prompt
 * @param reward     the weighted sum over routed, non-abstaining terms (clipped)
 * @param advantage  the reward normalized within the prompt's group
 * @param terms      per routed term, its value and weight or abstain reason (sorted by term id)
 * @param rules      names of the rules that decided this sample's routes and weights
 * @param verdict    the annotation filters' verdict on the sample's judgments, or null
 * @param provenance bundle versions and policy hash
 */
public record RewardRecord(String id, String promptId, double reward, double advantage, Map<String, TermOutcome> terms,
                           List<String> rules, Verdict verdict, Provenance provenance) {
}
