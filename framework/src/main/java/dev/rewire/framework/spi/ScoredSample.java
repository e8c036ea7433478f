package dev.rewire.framework.spi;

import dev.rewire.framework.model.Sample;
import java.util.Map;

/**
 * A sample after scoring: what each routed term said, and the final reward and advantage.
 *
 * @param sample    the input sample
 * @param terms     the routed terms' results by term id
 * @param reward    the scorer's reward
 * @param advantage the group-normalized advantage
 */
public record ScoredSample(Sample sample, Map<String, TermResult> terms, double reward, double advantage) {

    public ScoredSample {
        terms = Map.copyOf(terms);
    }
}
