package dev.rewire.framework.record;

import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Verdict;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code rewire score} output.
 *
 * @param id         the sample id
 * @param promptId   the sample's prompt
 * @param batch      the 0-based batch the sample was scored in
 * @param reward     the weighted sum over routed, non-abstaining terms (clipped)
 * @param advantage  the reward normalized within the prompt's group
 * @param group      the size of the group the sample was scored in and whether it was whole, or null
 *                   (records read back from files written before groups were stated)
 * @param terms      per routed term, its value and weight or abstain reason (sorted by term id)
 * @param rules      names of the rules that decided this sample's routes and weights
 * @param verdict    the annotation filters' verdict on the sample's judgments, or null
 * @param observed   what the checks read about the sample (confidence, correctness, length, ...)
 * @param provenance bundle versions and policy hash
 */
public record RewardRecord(String id, String promptId, long batch, double reward, double advantage,
                           GroupInfo group, Map<String, TermOutcome> terms, List<String> rules, Verdict verdict, Observation observed,
                           Provenance provenance) {

    /** A record that states no group (read back from older output, or built in tests). */
    public RewardRecord(String id, String promptId, long batch, double reward, double advantage,
                        Map<String, TermOutcome> terms, List<String> rules, Verdict verdict, Observation observed,
                        Provenance provenance) {
        this(id, promptId, batch, reward, advantage, null, terms, rules, verdict, observed, provenance);
    }
}
