package dev.rewire.framework.model;

import java.util.List;

/**
 * The samples of one prompt that travel together; advantages are normalized within a group.
 * Immutable and thread safe.
 */
public record Group(String promptId, List<Sample> samples) {

    public Group {
        samples = List.copyOf(samples);
    }

    public int size() {
        return samples.size();
    }
}
