package dev.rewire.framework.spi;

import dev.rewire.framework.model.Observation;
import java.util.Map;

/**
 * A sample after scoring, as checks see it: what was observed about it, what each routed term
 * said, and the final reward and advantage.
 *
 * @param id        the sample id
 * @param promptId  its prompt (its group)
 * @param observed  domain, source, length, stated confidence, correctness, approval
 * @param terms     the routed terms' results by term id
 * @param reward    the scorer's reward
 * @param advantage the group-normalized advantage
 */
public record ScoredSample(String id, String promptId, Observation observed, Map<String, TermResult> terms,
                           double reward, double advantage) {

    public ScoredSample {
        terms = Map.copyOf(terms);
    }
}
