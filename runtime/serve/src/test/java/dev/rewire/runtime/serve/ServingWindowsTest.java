package dev.rewire.runtime.serve;

import static dev.rewire.runtime.serve.ServeFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.TermStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Served samples' figures over since_swap (restarted by a swap) and the recent window (the last N samples). */
class ServingWindowsTest {

    @Test
    void sinceSwapCountsEverySampleUntilARestartAndRecentKeepsTheLastN() {
        ServingWindows w = new ServingWindows(3);
        w.add(List.of(record("a", "p", 0, 1.0, null, "t", 1.0), record("b", "p", 0, 0.0, null, "t", 0.0)));
        w.add(List.of(record("c", "q", 1, 0.5, null, "t", 0.5), record("d", "q", 1, 0.5, null, "t", 0.5)));
        assertEquals(4, w.sinceSwap().samples());
        assertEquals(0.5, w.sinceSwap().rewardMean(), 1e-12);
        assertEquals(Math.sqrt(0.125), w.sinceSwap().rewardStd(), 1e-12, "population std of 1, 0, .5, .5");
        ServingWindows.Figures recent = w.recent();
        assertEquals(3, recent.samples(), "the last 3");
        assertEquals(1.0 / 3, recent.rewardMean(), 1e-12, "0, .5, .5");

        w.restart();
        assertEquals(0, w.sinceSwap().samples(), "a swap starts since_swap over");
        assertTrue(w.sinceSwap().terms().isEmpty());
        assertEquals(3, w.recent().samples(), "the recent window is not restarted");
        assertTrue(Double.isNaN(w.sinceSwap().rewardMean()), "no sample: no mean");
    }

    @Test
    void termFiguresGroupRecordsByPromptWithinABatchForTheZeroVarianceShare() {
        ServingWindows w = new ServingWindows(100);
        w.add(List.of(
                record("a", "p", 0, 1, null, "t", 1.0), record("b", "p", 0, 1, null, "t", 1.0),  // no variance
                record("c", "q", 0, 1, null, "t", 1.0), record("d", "q", 0, 0, null, "t", 0.0),  // varies
                record("e", "r", 0, 0, null, "t", null), record("f", "r", 0, 0, null, "t", 1.0))); // one value: no group
        w.add(List.of(record("g", "p", 1, 1, null, "t", 0.0)));
        TermStatistics.Figures t = w.sinceSwap().terms().get("t");
        assertEquals(7, t.routed());
        assertEquals(1.0 / 7, t.abstainRate(), 1e-12);
        assertEquals(4.0 / 6, t.mean(), 1e-12);
        assertEquals(2, t.groups(), "p in batch 0 and q; r had one value, p in batch 1 is another group of one");
        assertEquals(0.5, t.zeroVarianceShare(), 1e-12);
    }

    @Test
    void aRecordWithNoTermsCountsForTheRewardOnly() {
        ServingWindows w = new ServingWindows(10);
        RewardRecord bare = new RewardRecord("x", "p", 0, 0.25, 0, null, null, List.of(), null, null, null);
        w.add(List.of(bare));
        assertEquals(1, w.sinceSwap().samples());
        assertEquals(0.25, w.sinceSwap().rewardMean());
        assertTrue(w.sinceSwap().terms().isEmpty());
    }
}
