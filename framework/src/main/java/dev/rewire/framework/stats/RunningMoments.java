package dev.rewire.framework.stats;

/**
 * Count, mean, variance, minimum and maximum of a stream of values in one pass (Welford's update,
 * stable where a naive sum of squares cancels); two summaries of disjoint streams merge into the
 * summary of both (Chan et al.'s pairwise update). Not thread safe: guard an instance shared
 * between threads.
 */
public final class RunningMoments {

    private long count;
    private double mean;
    private double m2;
    private double min = Double.NaN;
    private double max = Double.NaN;

    public void add(double x) {
        count++;
        double d = x - mean;
        mean += d / count;
        m2 += d * (x - mean);
        min = count == 1 ? x : Math.min(min, x);
        max = count == 1 ? x : Math.max(max, x);
    }

    /** Adds every value {@code other} summarizes, as if they had been added one by one. */
    public void merge(RunningMoments other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            count = other.count;
            mean = other.mean;
            m2 = other.m2;
            min = other.min;
            max = other.max;
            return;
        }
        long n = count + other.count;
        double d = other.mean - mean;
        mean += d * other.count / n;
        m2 += other.m2 + d * d * ((double) count * other.count / n);
        count = n;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
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

    /** The smallest value; NaN before the first. */
    public double min() {
        return min;
    }

    /** The largest value; NaN before the first. */
    public double max() {
        return max;
    }
}
