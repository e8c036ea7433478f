package dev.rewire.runtime.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A uniform random sample of at most {@code capacity} items of a stream of unknown length
 * (Vitter's algorithm R): after n offers every item is kept with probability capacity / n. The
 * generator is seeded, so the same stream keeps the same items. An item is only built (its
 * supplier called) when it is kept. Not thread safe.
 */
public final class Reservoir<T> {

    private final int capacity;
    private final SplittableRandom random;
    private final List<T> items;
    private long offered;

    public Reservoir(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a reservoir holds at least 1 item, got " + capacity);
        }
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
        this.items = new ArrayList<>(Math.min(capacity, 1024));
    }

    /** Offers the next item of the stream; true when it was kept. */
    public boolean offer(Supplier<T> item) {
        long index = offered++;
        if (index < capacity) {
            items.add(item.get());
            return true;
        }
        long slot = random.nextLong(index + 1);
        if (slot < capacity) {
            items.set((int) slot, item.get());
            return true;
        }
        return false;
    }

    public boolean offer(T item) {
        return offer(() -> item);
    }

    /** The kept items (every item while no more than capacity were offered, in offer order). */
    public List<T> items() {
        return List.copyOf(items);
    }

    /** Items offered so far. */
    public long offered() {
        return offered;
    }

    /** Whether every offered item is kept (the sample is the whole stream). */
    public boolean complete() {
        return offered <= capacity;
    }
}
