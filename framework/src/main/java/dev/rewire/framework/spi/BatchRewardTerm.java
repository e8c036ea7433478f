package dev.rewire.framework.spi;

import dev.rewire.framework.model.Group;
import java.util.List;

/**
 * A reward term that scores every group routed to it in one batch with a single call, for terms
 * whose cost is per call rather than per sample (a call into another process, a remote model).
 * The runtime calls {@link #evaluate(List)} once per batch with the routed samples of each group;
 * the batch's term deadline applies to that one call. A term that throws is called again group by
 * group, each as a {@link RewardTerm} that throws (the samples it throws on alone abstain with what
 * it threw, the rest are scored); one that returns null or the wrong number of groups makes every
 * sample of the batch abstain with that reason. The same rules on threads and state as
 * {@link RewardTerm} apply.
 */
public interface BatchRewardTerm extends RewardTerm {

    /**
     * Scores the routed samples of every group of a batch.
     *
     * @return per group, in the same order, exactly one result per sample of that group
     */
    List<List<TermResult>> evaluate(List<Group> groups);

    @Override
    default List<TermResult> evaluate(Group group) {
        return evaluate(List.of(group)).get(0);
    }
}
