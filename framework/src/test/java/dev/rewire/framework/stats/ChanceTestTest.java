package dev.rewire.framework.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChanceTestTest {

    @Test
    void exactBinomialTails() {
        assertEquals(11.0 / 1024, ChanceTest.upperTail(9, 10, 0.5), 1e-15);
        assertEquals(3 * 0.09 * 0.7 + 0.027, ChanceTest.upperTail(2, 3, 0.3), 1e-15);
        assertEquals(1.0, ChanceTest.upperTail(0, 5, 0.5));
        assertEquals(0.0, ChanceTest.upperTail(6, 5, 0.5));
        assertEquals(2 * Math.pow(0.5, 20), ChanceTest.twoSidedCoin(20, 20), 1e-18);
        assertEquals(2 * Math.pow(0.5, 20), ChanceTest.twoSidedCoin(0, 20), 1e-18);
        assertEquals(1.0, ChanceTest.twoSidedCoin(5, 10));
    }

    @Test
    void largeCountsDoNotUnderflow() {
        // 3000 of 5000: exactly 10^-45.18701 (Python's exact integers); 0.5^5000 alone underflows a double
        assertEquals(-45.18701, Math.log10(ChanceTest.upperTail(3000, 5000, 0.5)), 1e-4);
    }
}
