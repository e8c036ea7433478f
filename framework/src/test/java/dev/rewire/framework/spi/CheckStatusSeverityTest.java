package dev.rewire.framework.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckStatusSeverityTest {

    @Test
    void oneOrderMostSevereFirst() {
        List<CheckStatus> all = new ArrayList<>(Arrays.asList(CheckStatus.values()));
        all.sort(CheckStatus.MOST_SEVERE_FIRST);
        assertEquals(List.of(CheckStatus.FAIL, CheckStatus.WARN, CheckStatus.PASS, CheckStatus.INSUFFICIENT,
                CheckStatus.SKIPPED), all);
    }

    @Test
    void theGaugeNumbersAndWhichAreGraded() {
        assertEquals(List.of(0, 1, 2, -2, -1), Arrays.stream(CheckStatus.values()).map(CheckStatus::severity).toList());
        assertTrue(CheckStatus.PASS.graded() && CheckStatus.WARN.graded() && CheckStatus.FAIL.graded());
        assertFalse(CheckStatus.INSUFFICIENT.graded() || CheckStatus.SKIPPED.graded());
    }

    @Test
    void theWholeRunCallIsNamed() {
        ScoredBatch whole = ScoredBatch.ofWholeRun(List.of());
        assertEquals(-1, whole.index());
        assertTrue(whole.isWholeRun());
        assertFalse(new ScoredBatch(0, List.of()).isWholeRun());
    }
}
