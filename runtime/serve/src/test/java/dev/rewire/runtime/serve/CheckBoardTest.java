package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The latest window of every check: a status change is logged once, /ready and /stats describe it. */
class CheckBoardTest {

    private static CheckResult calibration(CheckStatus status, double ece) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("ece", ece);
        metrics.put("n", 8.0);
        return new CheckResult("calibration", status, metrics, "ECE " + ece);
    }

    @Test
    void aStatusChangeIsLoggedWithTheWindowAndTheMessageAndAnUnchangedStatusIsNot() {
        List<String> log = new ArrayList<>();
        CheckBoard board = new CheckBoard(log::add);
        board.update(3, List.of(calibration(CheckStatus.PASS, 0.1)));
        board.update(5, List.of(calibration(CheckStatus.PASS, 0.2)));
        board.update(7, List.of());
        board.update(9, List.of(calibration(CheckStatus.FAIL, 0.6)));
        assertEquals(List.of("serve: check calibration PASS (window ending at batch 3): ECE 0.1",
                "serve: check calibration PASS -> FAIL (window ending at batch 9): ECE 0.6"), log);
        CheckBoard.Latest latest = board.latest().get("calibration");
        assertEquals(9, latest.batch());
        assertEquals(3, latest.windows(), "three windows measured; the batch that completed none does not count");
    }

    @Test
    void statusCodesOrderBySeverityAndMarkUngradedResultsNegative() {
        assertEquals(List.of(0, 1, 2, -1, -2), List.of(CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL,
                CheckStatus.INSUFFICIENT, CheckStatus.SKIPPED).stream().map(CheckBoard::code).toList());
    }

    @Test
    void theDescriptionGivesStatusNumbersMessageAndWindowWithNonFiniteNumbersAsNull() {
        CheckBoard board = new CheckBoard(l -> { });
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("ece", Double.NaN);
        metrics.put("n", 2.0);
        board.update(4, List.of(new CheckResult("calibration", CheckStatus.INSUFFICIENT, metrics, "too few")));
        Map<String, Object> expected = new LinkedHashMap<>();
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("ece", null);
        numbers.put("n", 2.0);
        expected.put("status", "INSUFFICIENT");
        expected.put("metrics", numbers);
        expected.put("message", "too few");
        expected.put("batch", 4L);
        expected.put("windows", 1L);
        assertEquals(Map.of("calibration", expected), board.describe());
    }
}
