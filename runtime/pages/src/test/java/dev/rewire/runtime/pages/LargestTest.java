package dev.rewire.runtime.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LargestTest {

    @Test
    void keepsTheLargestScoresLargestFirst() {
        double[] scores = {0.5, 2.0, -1.0, 7.0, 2.0, Double.NaN, 3.0, 0.1};
        Largest<Integer> byIndex = new Largest<>(3);
        for (int i = 0; i < scores.length; i++) {
            int index = i;
            byIndex.offer(scores[i], () -> index);
        }
        // 7.0 (3), 3.0 (6), then of the two 2.0s the earlier (1)
        assertEquals(List.of(3, 6, 1), byIndex.items());
    }

    @Test
    void aTieNeverEvictsTheEarlierItemAndNaNIsNeverKept() {
        Largest<Integer> top = new Largest<>(2);
        top.offer(1.0, () -> 0);
        top.offer(1.0, () -> 1);
        assertFalse(top.offer(1.0, () -> 2));
        assertFalse(top.offer(Double.NaN, () -> 3));
        assertEquals(List.of(0, 1), top.items());
    }

    @Test
    void buildsOnlyWhatEnters() {
        Largest<Integer> top = new Largest<>(2);
        AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            int item = i;
            top.offer(-i, () -> {
                built.incrementAndGet();
                return item;
            });
        }
        assertEquals(2, built.get(), "descending scores: only the first two enter");
        assertEquals(List.of(0, 1), top.items());
    }
}
