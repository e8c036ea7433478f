package dev.rewire.framework.record;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The unit of work of the pipeline: whole groups, at most the configured number of samples (a
 * group larger than that is split and says so). Immutable and thread safe.
 *
 * @param index  0-based position of the batch in the run
 * @param groups the groups, in input order
 */
public record Batch(long index, List<Group> groups) {

    public Batch {
        groups = List.copyOf(groups);
    }

    /** All samples, group by group, in input order. */
    public List<Sample> samples() {
        List<Sample> all = new ArrayList<>();
        for (Group g : groups) {
            all.addAll(g.samples());
        }
        return Collections.unmodifiableList(all);
    }

    public int size() {
        int n = 0;
        for (Group g : groups) {
            n += g.size();
        }
        return n;
    }
}
