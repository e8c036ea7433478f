package dev.rewire.framework.spi;

import dev.rewire.framework.model.Group;
import java.util.List;
import java.util.Map;

/**
 * A reward term: one named signal that contributes, with a policy-given weight, to a sample's reward.
 *
 * <p><b>Publishing.</b> An OSGi service (e.g. {@code @Component(service = RewardTerm.class)}). When
 * several services share an {@link #id()}, the host uses the highest-ranked one; a new bundle version
 * or a new configuration replaces the instance between batches, never during one.
 *
 * <p><b>Calls.</b> The host calls {@link #evaluate(Group)} once per group (the samples of one prompt)
 * with only the samples the policy routed to this term, and uses the i-th result for the i-th sample.
 * Different terms run side by side; one term's groups of a batch run one after another on one
 * thread, but calls of later batches (and, in {@code rewire serve}, of concurrent micro-batches) may
 * come from other threads, so an implementation must be thread safe.
 *
 * <p><b>State.</b> A term should be a pure function of its group and its configuration. A term may
 * keep running statistics across calls (e.g. {@code rm_score} standardizes by domain); they must be
 * thread safe, they belong to this instance (a new version or configuration starts afresh), and
 * the term's documentation must say so, since its values then depend on what it scored before.
 *
 * <p><b>Abstaining and failing.</b> A term that has nothing to say about a sample abstains with a
 * reason ({@link TermResult#abstain}); it never hides a missing input behind 0. A term that throws
 * (an {@code Error} included) on a group is called again on parts of it: the samples it throws on
 * alone abstain with what it threw, and the rest of the group is scored by a call without them;
 * when no sample alone is to blame, the whole group abstains with the error as the reason. One
 * that returns null or the wrong number of results abstains for the whole group (per-sample terms
 * should extend {@link SampleRewardTerm}, which confines a failure to its sample); a value with
 * {@code |value| > 1e100} abstains as out of range. A term still running at the
 * host's deadline ({@code --term-timeout-ms}) abstains for the batch and is quarantined until its
 * bundle is redeployed.
 *
 * <p><b>The reward.</b> An abstaining term contributes nothing: the reward is the weighted sum of the
 * terms that did not abstain. When every term routed to a sample abstains (or none was routed), its
 * reward is 0 and that 0 enters its group's mean and standard deviation like any other reward; the
 * record's {@code terms} say why.
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
