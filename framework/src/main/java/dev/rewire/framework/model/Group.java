package dev.rewire.framework.model;

import java.util.List;

/**
 * The samples of one prompt that are scored together; advantages are normalized within a group
 * and group terms (e.g. {@code majority_vote}) compare its samples. Immutable and thread safe.
 *
 * @param promptId the group key
 * @param samples  the samples scored together
 * @param expected how many samples the group should have (a {@code --group-size}, or a request's
 *                 {@code group_size}), or null when nobody said
 * @param complete whether the group is whole: it reached {@code expected}, or, with no expected
 *                 size, every sample of the key the input held together is here (not split by a
 *                 batch limit, not cut by an idle flush, not a late part of a scattered group)
 */
public record Group(String promptId, List<Sample> samples, Integer expected, boolean complete) {

    public Group {
        samples = List.copyOf(samples);
    }

    /** A whole group with no declared size (the caller holds all of the prompt's samples). */
    public Group(String promptId, List<Sample> samples) {
        this(promptId, samples, null, true);
    }

    public int size() {
        return samples.size();
    }
}
