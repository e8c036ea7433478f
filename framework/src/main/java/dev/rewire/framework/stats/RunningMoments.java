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

    /**
     * A summary restored from its parts (as {@link #count}, {@link #mean}, {@link #sumOfSquaredDeviations},
     * {@link #min} and {@link #max} gave them), which goes on exactly as the saved one would.
     *
     * @since 1.1
     */
    public static RunningMoments of(long count, double mean, double sumOfSquaredDeviations, double min, double max) {
        RunningMoments m = new RunningMoments();
        m.count = count;
        m.mean = count == 0 ? 0 : mean;
        m.m2 = sumOfSquaredDeviations;
        m.min = min;
        m.max = max;
        return m;
    }

    /** The sum of squared deviations from the mean (Welford's M2): variance times count. @since 1.1 */
    public double sumOfSquaredDeviations() {
        return m2;
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
