package dev.rewire.framework.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunningMomentsTest {

    @Test
    void momentsAndExtremesOfAStream() {
        RunningMoments m = new RunningMoments();
        assertTrue(Double.isNaN(m.mean()) && Double.isNaN(m.min()) && Double.isNaN(m.max()));
        for (double x : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            m.add(x);
        }
        assertEquals(8, m.count());
        assertEquals(5.0, m.mean(), 1e-15);
        assertEquals(2.0, m.std(), 1e-15); // the textbook population sd of this set
        assertEquals(2.0, m.min());
        assertEquals(9.0, m.max());
    }

    /** Merging two halves gives what adding all would: the summaries of windows merge exactly. */
    @Test
    void mergingDisjointStreamsIsAddingBoth() {
        double[] xs = {0.3, -1.2, 8.5, 1e-3, 4.4, 4.4, -7.0, 2.25, 9.75, 0.0, 3.1};
        for (int split = 0; split <= xs.length; split++) {
            RunningMoments all = new RunningMoments();
            RunningMoments left = new RunningMoments();
            RunningMoments right = new RunningMoments();
            for (int i = 0; i < xs.length; i++) {
                all.add(xs[i]);
                (i < split ? left : right).add(xs[i]);
            }
            left.merge(right);
            assertEquals(all.count(), left.count());
            assertEquals(all.mean(), left.mean(), 1e-12, "split " + split);
            assertEquals(all.std(), left.std(), 1e-12, "split " + split);
            assertEquals(-7.0, left.min());
            assertEquals(9.75, left.max());
        }
    }
}
