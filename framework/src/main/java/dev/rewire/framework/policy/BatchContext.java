package dev.rewire.framework.policy;

import java.util.Set;

/**
 * Facts about the batch as a whole: its position, size, the terms deployed right now, and the
 * trainer's step (the highest step any of its samples carries, -1 when none does), so a weight
 * schedule over training steps is a rule.
 */
public final class BatchContext {

    private final long index;
    private final int size;
    private final int groups;
    private final Set<String> deployedTerms;
    private final long step;

    public BatchContext(long index, int size, int groups, Set<String> deployedTerms) {
        this(index, size, groups, deployedTerms, -1);
    }

    public BatchContext(long index, int size, int groups, Set<String> deployedTerms, long step) {
        this.index = index;
        this.size = size;
        this.groups = groups;
        this.deployedTerms = Set.copyOf(deployedTerms);
        this.step = step;
    }

    public long getIndex() { return index; }
    public int getSize() { return size; }
    public int getGroups() { return groups; }
    public Set<String> getDeployedTerms() { return deployedTerms; }
    public long getStep() { return step; }

    /** True when a term with this id is deployed (rules may route only to those). */
    public boolean deployed(String term) {
        return deployedTerms.contains(term);
    }
}
