package dev.rewire.framework.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a report charts and compares for one check, declared by the check itself
 * ({@link BatchCheck#reportPlan()}), so that the host's report pages name no check, metric or
 * detail key: a new check is charted as soon as it is deployed. Immutable and thread safe. Build
 * one with {@link #builder()}.
 *
 * <p>The host draws, from the check's results:
 * <ul>
 *   <li>for each {@link Metric} with {@code trended}: a trend by batch of the metric (window means,
 *       ranges, each window's worst status), with the {@code warn}/{@code fail} lines;</li>
 *   <li>every {@link Metric}: a row of the comparison with a baseline report ({@code --baseline});</li>
 *   <li>each {@link Regression}: a flag (and {@code rewire check}'s exit status 5) when the metric
 *       worsened against the baseline by more than its allowance;</li>
 *   <li>each {@link Breakdown}: bars per value (e.g. per domain) of one metric, read from the whole
 *       run's result details;</li>
 *   <li>{@link #reliabilityDetails}: a reliability diagram from the whole run's result details.</li>
 * </ul>
 * Keys that the check's result does not carry draw nothing ("not measured in this run").
 *
 * @param metrics            the metrics to compare with a baseline, in the order shown; the trended ones charted by batch
 * @param regressions        what counts as a regression against a baseline
 * @param breakdowns         per-value bars drawn from the whole run's details
 * @param reliabilityDetails the details key of a reliability table, or null: a list of rows, each a map
 *                           with {@code bin} (0-based index of equal-width bins over [0, 1]),
 *                           {@code count}, {@code accuracy} and {@code mean_confidence}
 * @since 1.2
 */
public record ReportPlan(List<Metric> metrics, List<Regression> regressions, List<Breakdown> breakdowns,
                         String reliabilityDetails) {

    /** Nothing to chart or compare: the check still shows in the report's table of checks. */
    public static final ReportPlan NONE = new ReportPlan(List.of(), List.of(), List.of(), null);

    public ReportPlan {
        metrics = List.copyOf(metrics);
        regressions = List.copyOf(regressions);
        breakdowns = List.copyOf(breakdowns);
        for (Regression r : regressions) {
            if (metric(metrics, r.metric()) == null || (r.unlessImproved() != null && metric(metrics, r.unlessImproved()) == null)) {
                throw new IllegalArgumentException("a regression names only declared metrics: " + r);
            }
        }
    }

    /** Which way a metric is better. */
    public enum Direction {
        LOWER_IS_BETTER,
        HIGHER_IS_BETTER,
        /** Better near 0 either way (a correlation): thresholds apply to the absolute value. */
        NEAR_ZERO_IS_BETTER
    }

    /**
     * One metric of the check's results ({@link CheckResult#metrics()}).
     *
     * @param key       the key in the metrics
     * @param label     how a page names it, e.g. {@code ECE}
     * @param direction which way it is better
     * @param warn      the value past which this instance warns, or null when it grades nothing on this metric
     * @param fail      the value past which it fails, or null
     * @param trended   whether a report draws its trend by batch (every declared metric is compared with a baseline)
     */
    public record Metric(String key, String label, Direction direction, Double warn, Double fail, boolean trended) {
        public Metric {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(direction, "direction");
        }
    }

    /**
     * A regression against a baseline: {@code metric} worsened by more than {@code allowance}
     * (rose, for a lower-is-better metric), and, when {@code unlessImproved} names another metric,
     * that one did not improve. The flag reads {@code name: label rose from x to y} (plus
     * {@code while label went from x to y} for the other metric), numbers with {@code decimals}.
     *
     * @param name           what the regression is called, e.g. {@code U-Sophistry}
     * @param metric         the declared metric that regresses
     * @param allowance      how far it may worsen (a non-negative amount in the metric's units)
     * @param unlessImproved a declared metric whose improvement excuses it, or null
     * @param decimals       digits after the point in the flag
     */
    public record Regression(String name, String metric, double allowance, String unlessImproved, int decimals) {
        public Regression {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(metric, "metric");
            if (!(allowance >= 0) || decimals < 0) {
                throw new IllegalArgumentException("a regression's allowance and decimals are >= 0: " + allowance + ", " + decimals);
            }
        }
    }

    /**
     * Bars of one metric per value of a sample property, read from the whole run's details:
     * {@code details[detailsKey]} maps each value (e.g. each domain) to a map of metrics.
     *
     * @param detailsKey the details key of the map
     * @param by         the property the map is keyed by; a report knows {@code domain}
     * @param metric     the metric in each value's map; its grading lines are the {@link Metric}'s of the same key, if declared
     * @param label      how a page names the metric, e.g. {@code ECE}
     */
    public record Breakdown(String detailsKey, String by, String metric, String label) {
        public Breakdown {
            Objects.requireNonNull(detailsKey, "detailsKey");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(label, "label");
        }
    }

    /** The declared metric with this key; null when none. */
    public Metric metric(String key) {
        return metric(metrics, key);
    }

    private static Metric metric(List<Metric> metrics, String key) {
        for (Metric m : metrics) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        return null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ReportPlan}; not thread safe. */
    public static final class Builder {
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Regression> regressions = new ArrayList<>();
        private final List<Breakdown> breakdowns = new ArrayList<>();
        private String reliabilityDetails;

        private Builder() {
        }

        /** A metric charted by batch (with these grading lines; null for none) and compared with a baseline. */
        public Builder trend(String key, String label, Direction direction, Double warn, Double fail) {
            metrics.add(new Metric(key, label, direction, warn, fail, true));
            return this;
        }

        /** A metric compared with a baseline only. */
        public Builder compare(String key, String label, Direction direction) {
            metrics.add(new Metric(key, label, direction, null, null, false));
            return this;
        }

        public Builder regression(String name, String metric, double allowance, String unlessImproved, int decimals) {
            regressions.add(new Regression(name, metric, allowance, unlessImproved, decimals));
            return this;
        }

        public Builder breakdown(String detailsKey, String by, String metric, String label) {
            breakdowns.add(new Breakdown(detailsKey, by, metric, label));
            return this;
        }

        public Builder reliability(String detailsKey) {
            reliabilityDetails = detailsKey;
            return this;
        }

        public ReportPlan build() {
            return new ReportPlan(metrics, regressions, breakdowns, reliabilityDetails);
        }
    }
}
