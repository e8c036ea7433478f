package dev.rewire.framework.stats;

/**
 * Count, mean and variance of a stream of values in one pass (Welford's update, stable where a
 * naive sum of squares cancels). Not thread safe: guard an instance shared between threads.
 */
public final class RunningMoments {

    private long count;
    private double mean;
    private double m2;

    public void add(double x) {
        count++;
        double d = x - mean;
        mean += d / count;
        m2 += d * (x - mean);
    }

    public long count() {
        return count;
    }

    /** The mean; NaN before the first value. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** The population standard deviation (divisor n); NaN before the first value. */
    public double std() {
        return count == 0 ? Double.NaN : Math.sqrt(m2 / count);
    }
}
