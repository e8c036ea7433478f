package dev.rewire.bundles.check.calibration;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How forecasts are put into reliability bins.
 *
 * <ul>
 *   <li>{@link #NUMPY} (default): equal width, edges {@code k * (1.0 / B)} in float64, bins
 *       {@code [a, b)} with the last bin closed: np.histogram's convention, which RLCR's evaluation
 *       uses (it puts p = 0.3, 0.6, 0.7 one bin below floor(10 p), as the float64 edges say).</li>
 *   <li>{@link #SKLEARN}: equal width, right-closed {@code (a, b]} with the first bin closed, as
 *       sklearn's calibration_curve.</li>
 *   <li>{@link #EQUAL_MASS}: sorted by forecast, split into B contiguous runs of as equal size as
 *       possible, the first runs one larger, as np.array_split.</li>
 * </ul>
 */
enum Binning {
    NUMPY, SKLEARN, EQUAL_MASS;

    static Binning parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "numpy" -> NUMPY;
            case "sklearn" -> SKLEARN;
            case "equal_mass" -> EQUAL_MASS;
            default -> throw new IllegalArgumentException("binning must be numpy, sklearn or equal_mass, got " + name);
        };
    }

    /** The bin of each forecast. */
    int[] assign(double[] p, int bins) {
        int[] bin = new int[p.length];
        if (this == EQUAL_MASS) {
            Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
            int base = p.length / bins;
            int extra = p.length % bins;
            int at = 0;
            for (int b = 0; b < bins; b++) {
                int size = base + (b < extra ? 1 : 0);
                for (int k = 0; k < size; k++) {
                    bin[order[at++]] = b;
                }
            }
            return bin;
        }
        double[] edges = new double[bins + 1];
        double width = 1.0 / bins;
        for (int k = 0; k <= bins; k++) {
            edges[k] = k * width;
        }
        for (int i = 0; i < p.length; i++) {
            bin[i] = this == NUMPY ? leftClosed(p[i], edges) : rightClosed(p[i], edges);
        }
        return bin;
    }

    /** The last edge <= p; p at or past the last inner edge goes to the closed last bin. */
    private static int leftClosed(double p, double[] edges) {
        int last = edges.length - 2;
        int b = 0;
        while (b < last && edges[b + 1] <= p) {
            b++;
        }
        return b;
    }

    /** The first bin whose upper edge is >= p; p = 0 goes to the closed first bin. */
    private static int rightClosed(double p, double[] edges) {
        int last = edges.length - 2;
        int b = 0;
        while (b < last && edges[b + 1] < p) {
            b++;
        }
        return b;
    }
}
