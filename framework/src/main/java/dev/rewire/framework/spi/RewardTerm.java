package dev.rewire.framework.spi;

import dev.rewire.framework.model.Group;
import java.util.List;
import java.util.Map;

/**
 * A reward term: one named signal that contributes, with a policy-given weight, to a sample's reward.
 *
 * <p>Published as an OSGi service by a bundle. The runtime calls {@link #evaluate(Group)} with the
 * samples of one prompt that the policy routed to this term, and uses the i-th result for the i-th
 * sample. Implementations must be thread safe and stateless between calls (the runtime may call one
 * instance from several threads and swap it for a new version between batches; running statistics,
 * where a term keeps them, must be thread safe). A term that cannot
 * score a sample abstains ({@link TermResult#abstain}); one that throws makes every sample of the
 * call abstain with the error as reason, so per-sample terms should extend {@link SampleRewardTerm},
 * which confines a failure to its sample.
 */
public interface RewardTerm {

    /** The stable id rules route to, e.g. {@code exact_match}. */
    String id();

    /**
     * Scores the routed samples of one group.
     *
     * @return exactly one result per sample of {@code group}, in the same order
     */
    List<TermResult> evaluate(Group group);

    /**
     * The settings this instance scores with, recorded in the provenance of every output it
     * scored. Configurable terms take their settings at activation and never change them: a new
     * configuration makes a new instance, swapped in like a new bundle version.
     */
    default Map<String, Object> configuration() {
        return Map.of();
    }
}
