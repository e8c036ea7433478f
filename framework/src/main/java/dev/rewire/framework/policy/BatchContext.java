package dev.rewire.framework.policy;

import java.util.Set;

/** Facts about the batch as a whole: its position, size, and the terms deployed right now. */
public final class BatchContext {

    private final long index;
    private final int size;
    private final int groups;
    private final Set<String> deployedTerms;

    public BatchContext(long index, int size, int groups, Set<String> deployedTerms) {
        this.index = index;
        this.size = size;
        this.groups = groups;
        this.deployedTerms = Set.copyOf(deployedTerms);
    }

    public long getIndex() { return index; }
    public int getSize() { return size; }
    public int getGroups() { return groups; }
    public Set<String> getDeployedTerms() { return deployedTerms; }

    /** True when a term with this id is deployed (rules may route only to those). */
    public boolean deployed(String term) {
        return deployedTerms.contains(term);
    }
}
