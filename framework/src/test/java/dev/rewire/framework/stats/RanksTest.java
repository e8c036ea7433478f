package dev.rewire.framework.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RanksTest {

    @Test
    void tiesShareTheirMeanRank() {
        assertArrayEquals(new double[] {1.5, 1.5, 3.0}, Ranks.average(new double[] {7, 7, 9}));
        assertArrayEquals(new double[] {2.0, 2.0, 2.0, 4.0}, Ranks.average(new double[] {0.0, -0.0, 0.0, 1.0}));
        assertArrayEquals(new double[] {1.0, 3.0, 2.0}, Ranks.average(new double[] {0.0, Double.NaN, 1.0}));
    }

    /** Ranks by sorting values read exactly as ranks by sorting indices: ties, -0.0 and 0.0, NaN. */
    @Test
    void ranksAgreeWithTheIndexSortEverywhere() {
        Random random = new Random(7);
        double[] pool = {0.0, -0.0, 1.0, -1.0, 0.5, 2.5, 1e-300, Double.NaN};
        for (int t = 0; t < 2000; t++) {
            double[] v = new double[1 + random.nextInt(40)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextInt(4) == 0 ? random.nextGaussian() : pool[random.nextInt(t % 3 == 0 ? 8 : 7)];
            }
            assertArrayEquals(Ranks.averageByIndexSort(v), Ranks.average(v), Arrays.toString(v));
        }
    }
}
