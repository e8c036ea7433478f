package dev.rewire.bundles.check.calibration;

/**
 * Equal-width reliability bins over [0,1] in the numpy convention RLCR's evaluation uses: edges
 * {@code k * (1.0 / B)} in float64, bins {@code [a, b)} with the last bin closed. (With these
 * edges p = 0.3, 0.6, 0.7 land one bin below floor(10 p); that is intended, to match numpy.)
 */
final class ReliabilityBins {

    final int[] count;
    final double[] confidenceSum;
    final double[] correctSum;
    private final double[] edges;

    ReliabilityBins(int bins) {
        count = new int[bins];
        confidenceSum = new double[bins];
        correctSum = new double[bins];
        edges = new double[bins + 1];
        double width = 1.0 / bins;
        for (int k = 0; k <= bins; k++) {
            edges[k] = k * width;
        }
    }

    void add(double confidence, boolean correct) {
        int b = binOf(confidence);
        count[b]++;
        confidenceSum[b] += confidence;
        correctSum[b] += correct ? 1 : 0;
    }

    /** The bin holding p: the last edge <= p, the closed last bin taking p = 1. */
    int binOf(double p) {
        int last = count.length - 1;
        if (p >= edges[last]) {
            return last;
        }
        int lo = 0;
        int hi = last;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (edges[mid] <= p) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    int total() {
        int n = 0;
        for (int c : count) {
            n += c;
        }
        return n;
    }

    /** Expected calibration error: sum over bins of (n_m / N) |acc_m - conf_m|. */
    double ece() {
        int n = total();
        double ece = 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                ece += (double) count[b] / n * Math.abs(correctSum[b] / count[b] - confidenceSum[b] / count[b]);
            }
        }
        return ece;
    }

    /** Maximum calibration error: the largest gap of a non-empty bin. */
    double mce() {
        double mce = 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                mce = Math.max(mce, Math.abs(correctSum[b] / count[b] - confidenceSum[b] / count[b]));
            }
        }
        return mce;
    }
}
