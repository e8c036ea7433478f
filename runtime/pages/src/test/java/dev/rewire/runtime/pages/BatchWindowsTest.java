package dev.rewire.runtime.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Observation;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchWindowsTest {

    private static RewardRecord record(String id, double reward, TermOutcome term) {
        return new RewardRecord(id, "p", 0, reward, -reward, Map.of("t", term), List.of(), null,
                new Observation("qa", "dataset", 1, null, null, null), null);
    }

    /** Batch i: i+1 samples of reward i; a check with metric ece = i / 1000, FAIL on every 10th batch, INSUFFICIENT on odd ones. */
    private static BatchWindows run(int batches) {
        BatchWindows w = new BatchWindows();
        for (int b = 0; b < batches; b++) {
            List<RewardRecord> records = new ArrayList<>();
            for (int k = 0; k <= b; k++) {
                records.add(record(b + "-" + k, b, k == 0 ? new TermOutcome(null, 0.5, "no tag") : new TermOutcome(1.0, 2.0,
                        null)));
            }
            CheckStatus status = b % 10 == 0 ? CheckStatus.FAIL : b % 2 == 1 ? CheckStatus.INSUFFICIENT : CheckStatus.PASS;
            w.add(b, records, List.of(new CheckResult("calibration", status, Map.of("ece", b / 1000.0), "")));
        }
        return w;
    }

    @Test
    void aShortRunIsOneWindowPerBatch() {
        BatchWindows w = run(3);
        assertEquals(1, w.width());
        List<BatchWindows.Window> ws = w.windows();
        assertEquals(3, ws.size());
        BatchWindows.Window third = ws.get(2);
        assertEquals(2, third.firstBatch());
        assertEquals(3, third.samples());
        assertEquals(new BatchWindows.Band(1, 3, 0, 3, 3), third.batchSize());
        assertEquals(new BatchWindows.Band(2, 1.0, 0, 1.0, 1.0), third.terms().get("t").value());
        assertEquals(1, third.terms().get("t").abstained());
        assertEquals(Map.of(CheckStatus.PASS, 1L), third.checks().get("calibration").statuses());
    }

    /** 300 batches: 128 windows of 1, halved to 64 of 2 at batch 128, to 64 of 4 at 256, then 11 more of 4. */
    @Test
    void aLongRunMergesIntoAtMostTheMaximumOfEqualWindows() {
        BatchWindows w = run(300);
        assertEquals(4, w.width());
        List<BatchWindows.Window> ws = w.windows();
        assertEquals(75, ws.size());
        BatchWindows.Window first = ws.get(0);
        assertEquals(0, first.firstBatch());
        assertEquals(3, first.lastBatch());
        assertEquals(4, first.batches());
        assertEquals(1 + 2 + 3 + 4, first.samples());
        // rewards 0 x1, 1 x2, 2 x3, 3 x4: mean 20 / 10
        assertEquals(2.0, first.reward().mean(), 1e-12);
        assertEquals(0.0, first.reward().min());
        assertEquals(3.0, first.reward().max());
        assertEquals(4, first.batchSize().n());
        assertEquals(2.5, first.batchSize().mean(), 1e-12);
        assertEquals(Math.sqrt(1.25), first.batchSize().std(), 1e-12);
        assertEquals(1.0, first.batchSize().min());
        assertEquals(4.0, first.batchSize().max());
        // batch 0 FAIL, 1 and 3 INSUFFICIENT, 2 PASS; the ece band covers the graded ones only (0 and 2)
        BatchWindows.CheckBand c = first.checks().get("calibration");
        assertEquals(Map.of(CheckStatus.FAIL, 1L, CheckStatus.INSUFFICIENT, 2L, CheckStatus.PASS, 1L), c.statuses());
        assertEquals(2, c.metrics().get("ece").n());
        assertEquals(0.001, c.metrics().get("ece").mean(), 1e-15);
        BatchWindows.Window last = ws.get(74);
        assertEquals(296, last.firstBatch());
        assertEquals(299, last.lastBatch());
        assertEquals(297 + 298 + 299 + 300, last.samples());
        long samples = ws.stream().mapToLong(BatchWindows.Window::samples).sum();
        assertEquals(300L * 301 / 2, samples, "every sample in exactly one window");
        assertEquals(300, ws.stream().mapToLong(BatchWindows.Window::batches).sum());
    }

    @Test
    void neverMoreThanTheMaximum() {
        for (int n : new int[] {127, 128, 129, 256, 257, 1000}) {
            int size = run(n).windows().size();
            assertEquals(true, size <= BatchWindows.MAX_WINDOWS && size >= Math.min(n, BatchWindows.MAX_WINDOWS / 2),
                    n + " batches: " + size + " windows");
        }
    }
}
