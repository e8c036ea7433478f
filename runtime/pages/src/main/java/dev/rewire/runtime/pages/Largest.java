package dev.rewire.runtime.pages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The {@code count} items of a stream with the largest scores, in bounded memory (a min-heap of
 * them). Ties keep the earlier item. An item is only built (its supplier called) when it enters.
 * Not thread safe.
 */
public final class Largest<T> {

    private record Entry<T>(double score, long order, T item) {
    }

    /** The heap's head is the entry to evict next: the lowest score, of those the latest offered. */
    private static final Comparator<Entry<?>> WEAKEST_FIRST = Comparator.<Entry<?>>comparingDouble(Entry::score)
            .thenComparing(Comparator.<Entry<?>>comparingLong(Entry::order).reversed());

    private final int count;
    private final PriorityQueue<Entry<T>> heap;
    private long offered;

    public Largest(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("keeps at least 1 item, got " + count);
        }
        this.count = count;
        this.heap = new PriorityQueue<>(count + 1, WEAKEST_FIRST);
    }

    /** Offers an item with its score (NaN is never kept); true when it entered. */
    public boolean offer(double score, Supplier<T> item) {
        long order = offered++;
        if (Double.isNaN(score)) {
            return false;
        }
        if (heap.size() == count) {
            if (score <= heap.peek().score()) {
                return false; // a tie keeps the earlier item
            }
            heap.poll();
        }
        heap.add(new Entry<>(score, order, item.get()));
        return true;
    }

    /** The kept items, the largest score first (ties: the earlier first). */
    public List<T> items() {
        List<Entry<T>> sorted = new ArrayList<>(heap);
        sorted.sort(WEAKEST_FIRST.reversed());
        List<T> out = new ArrayList<>(sorted.size());
        sorted.forEach(e -> out.add(e.item()));
        return out;
    }
}
