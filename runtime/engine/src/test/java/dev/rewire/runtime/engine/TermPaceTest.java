package dev.rewire.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TermPaceTest {

    private static final long MS = 1_000_000;

    @Test
    void aTermMuchSlowerThanItsOwnBaselineForThreeBatchesIsQuarantinedWithTheFigures() {
        TermPace pace = new TermPace();
        assertNull(pace.observe("t", 40 * MS / 1000, 10, false, null)); // 4 µs a sample: the first batch, warming up
        assertNull(pace.observe("t", 20 * MS / 1000, 10, false, null));
        assertNull(pace.observe("t", 30 * MS / 1000, 10, false, null));
        assertNull(pace.observe("t", 1000 * MS, 10, false, null), "one slow batch is not a pace");
        assertNull(pace.observe("t", 1000 * MS, 10, false, null));
        assertEquals("ran 50000x slower than its own baseline (0.002 ms -> 100.00 ms a sample) for 3 batches in a row",
                pace.observe("t", 1000 * MS, 10, false, null));
    }

    @Test
    void slowButUnderTheFloorOrInterruptedStreaksAreNotQuarantined() {
        TermPace pace = new TermPace();
        for (int i = 0; i < 3; i++) {
            pace.observe("t", 10_000, 10, false, null); // 1 µs a sample
        }
        for (int i = 0; i < 10; i++) {
            assertNull(pace.observe("t", 5 * MS, 10, false, null), "500x slower, but 0.5 ms a sample: under the floor");
        }
        assertNull(pace.observe("t", 200 * MS, 10, false, null));
        assertNull(pace.observe("t", 200 * MS, 10, false, null));
        assertNull(pace.observe("t", 10_000, 10, false, null), "back to its pace: the streak ends");
        assertNull(pace.observe("t", 200 * MS, 10, false, null));
        assertNull(pace.observe("other", 200 * MS, 10, false, null), "each service has its own baseline");
    }

    /**
     * One-sample batches (serve's micro-batches, a Python term): a round trip, a traceback or a
     * restart of the term's process costs milliseconds to a few tenths of a second once; it is
     * not a pace however many times the baseline it is.
     */
    @Test
    void theFixedCostOfACallOnATinyBatchIsNotAPace() {
        TermPace pace = new TermPace();
        for (int i = 0; i < 3; i++) {
            pace.observe("py", 400_000, 1, false, null); // 0.4 ms for one sample
        }
        assertNull(pace.observe("py", 12 * MS, 1, false, null), "a traceback: 30x, but 12 ms for the batch");
        assertNull(pace.observe("py", 40 * MS, 1, false, null), "a round trip on a loaded machine");
        assertNull(pace.observe("py", 90 * MS, 1, false, null), "a restart of its process");
        assertNull(pace.observe("py", 20 * MS, 1, false, null));
    }

    @Test
    void aTermThatFailsOnEverySampleOfThreeBatchesInARowIsQuarantinedFromTheStart() {
        TermPace pace = new TermPace();
        String error = "error: StackOverflowError";
        assertNull(pace.observe("t", 30 * MS, 10, true, error));
        assertNull(pace.observe("t", 30 * MS, 10, true, error));
        assertEquals("failed on every sample of 3 batches in a row, at 3.00 ms a sample (error: StackOverflowError)",
                pace.observe("t", 30 * MS, 10, true, error));
        assertNull(pace.observe("u", 30 * MS, 10, true, error));
        assertNull(pace.observe("u", 30 * MS, 10, false, null));
        assertNull(pace.observe("u", 30 * MS, 10, true, error));
        assertNull(pace.observe("u", 30 * MS, 10, true, error), "a batch with a success breaks the streak");
    }
}
