package dev.rewire.runtime.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReservoirTest {

    @Test
    void keepsEverythingUpToItsCapacityInOrder() {
        Reservoir<Integer> r = new Reservoir<>(5, 1);
        for (int i = 0; i < 5; i++) {
            assertTrue(r.offer(i));
        }
        assertEquals(List.of(0, 1, 2, 3, 4), r.items());
        assertTrue(r.complete());
        r.offer(5);
        assertFalse(r.complete());
        assertEquals(6, r.offered());
    }

    /** Algorithm R by hand with the same seeded generator: the same items in the same slots. */
    @Test
    void isAlgorithmRWithTheSeededGenerator() {
        Reservoir<Integer> r = new Reservoir<>(3, 42);
        SplittableRandom random = new SplittableRandom(42);
        List<Integer> expected = new ArrayList<>(List.of(0, 1, 2));
        for (int i = 0; i < 3; i++) {
            r.offer(i);
        }
        for (int i = 3; i < 1000; i++) {
            long slot = random.nextLong(i + 1);
            if (slot < 3) {
                expected.set((int) slot, i);
            }
            assertEquals(slot < 3, r.offer(i), "offer " + i);
        }
        assertEquals(expected, r.items());
        assertEquals(r.items(), sample(3, 42, 1000), "the same seed keeps the same items");
    }

    /** Each of 10 items kept in a 2-reservoir with probability 1/5: over 20,000 seeds, 4,000 each give or take 4 sd. */
    @Test
    void everyItemIsEquallyLikelyToBeKept() {
        int[] kept = new int[10];
        for (long seed = 0; seed < 20_000; seed++) {
            sample(2, seed, 10).forEach(i -> kept[i]++);
        }
        double sd = Math.sqrt(20_000 * 0.2 * 0.8);
        for (int i = 0; i < 10; i++) {
            assertTrue(Math.abs(kept[i] - 4_000) < 4 * sd, "item " + i + " kept " + kept[i] + " times");
        }
    }

    @Test
    void buildsOnlyWhatItKeeps() {
        Reservoir<Integer> r = new Reservoir<>(2, 7);
        AtomicInteger built = new AtomicInteger();
        int kept = 0;
        for (int i = 0; i < 100; i++) {
            int item = i;
            kept += r.offer(() -> {
                built.incrementAndGet();
                return item;
            }) ? 1 : 0;
        }
        assertEquals(kept, built.get());
        assertTrue(built.get() < 100);
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new Reservoir<>(0, 1));
    }

    private static List<Integer> sample(int capacity, long seed, int n) {
        Reservoir<Integer> r = new Reservoir<>(capacity, seed);
        for (int i = 0; i < n; i++) {
            r.offer(i);
        }
        return r.items();
    }
}
