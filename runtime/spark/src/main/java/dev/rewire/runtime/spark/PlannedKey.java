package dev.rewire.runtime.spark;

import java.io.Serializable;
import java.util.Comparator;

/** A planned sample's place: batch, then group in input order, then member; the order records are written in. */
public record PlannedKey(long batch, long ordinal, int offset) implements Serializable, Comparable<PlannedKey> {

    private static final Comparator<PlannedKey> ORDER = Comparator.comparingLong(PlannedKey::batch)
            .thenComparingLong(PlannedKey::ordinal).thenComparingInt(PlannedKey::offset);

    @Override
    public int compareTo(PlannedKey o) {
        return ORDER.compare(this, o);
    }
}
