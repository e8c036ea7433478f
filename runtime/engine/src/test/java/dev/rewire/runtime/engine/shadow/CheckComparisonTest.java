package dev.rewire.runtime.engine.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.spi.CheckStatus;
import org.junit.jupiter.api.Test;

/** The shadow policy compares a check's status under the candidate with the live one in CheckStatus's one order. */
class CheckComparisonTest {

    @Test
    void gradedStatusesCompareBySeverity() {
        assertEquals(1, CheckComparison.worse(CheckStatus.PASS, CheckStatus.WARN));
        assertEquals(1, CheckComparison.worse(CheckStatus.WARN, CheckStatus.FAIL));
        assertEquals(-1, CheckComparison.worse(CheckStatus.FAIL, CheckStatus.PASS));
        assertEquals(0, CheckComparison.worse(CheckStatus.WARN, CheckStatus.WARN));
    }

    /** INSUFFICIENT ranked as FAIL here before: a candidate's small-sample result counted as a worse check. */
    @Test
    void anUngradedStatusIsNeitherWorseNorBetter() {
        assertEquals(0, CheckComparison.worse(CheckStatus.PASS, CheckStatus.INSUFFICIENT));
        assertEquals(0, CheckComparison.worse(CheckStatus.INSUFFICIENT, CheckStatus.FAIL));
        assertEquals(0, CheckComparison.worse(CheckStatus.SKIPPED, CheckStatus.PASS));
        assertEquals(0, CheckComparison.worse(CheckStatus.FAIL, CheckStatus.SKIPPED));
    }
}
