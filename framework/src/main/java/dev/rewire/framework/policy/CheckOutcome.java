package dev.rewire.framework.policy;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The result of a check (any check: calibration, length bias, term health, ...) on the previous
 * batch, as a fact for this batch's policy: the one thing that flows backwards in the pipeline.
 *
 * <p>A copy made by {@link #reportingReads} tells which of its properties a policy read. The host
 * decides a batch ahead of its turn on the outcomes it knows then, and keeps that decision only
 * when the outcomes that turn out to hold answer every one of those reads alike
 * ({@link #property}): a rule sees an outcome through these getters alone, so such a decision is
 * the one the true outcomes would have given.
 */
public final class CheckOutcome {

    /** The properties {@link #reportingReads} names: a metric read is {@code METRIC_PREFIX + name}. */
    public static final String CHECK_ID = "checkId";
    public static final String STATUS = "status";
    public static final String METRICS = "metrics";
    public static final String BATCH_INDEX = "batchIndex";
    public static final String METRIC_PREFIX = "metric:";

    private final String checkId;
    private final CheckStatus status;
    private final Map<String, Double> metrics;
    private final long batchIndex;
    /** Told each property read, or null (every outcome but a speculation's copy). */
    private final Consumer<String> reads;

    public CheckOutcome(CheckResult result, long batchIndex) {
        this(result.checkId(), result.status(), result.metrics(), batchIndex, null);
    }

    private CheckOutcome(String checkId, CheckStatus status, Map<String, Double> metrics, long batchIndex,
                         Consumer<String> reads) {
        this.checkId = checkId;
        this.status = status;
        this.metrics = metrics;
        this.batchIndex = batchIndex;
        this.reads = reads;
    }

    public String getCheckId() { read(CHECK_ID); return checkId; }
    public CheckStatus getStatus() { read(STATUS); return status; }
    /** The whole map: a policy reading it is taken to depend on every metric. */
    public Map<String, Double> getMetrics() { read(METRICS); return metrics; }
    public long getBatchIndex() { read(BATCH_INDEX); return batchIndex; }

    /** A metric's value, NaN when the check did not report it. */
    public double metric(String name) {
        read(METRIC_PREFIX + name);
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    /**
     * An equal outcome that tells {@code reads} the name of each property read of it, from any thread
     * (the consumer must be thread safe), and tells whoever this outcome already tells.
     */
    public CheckOutcome reportingReads(Consumer<String> reads) {
        Objects.requireNonNull(reads);
        // a copy of a copy tells both listeners: a policy's memo of decisions listens to the
        // outcomes a speculation already listens to
        return new CheckOutcome(checkId, status, metrics, batchIndex, this.reads == null ? reads : this.reads.andThen(reads));
    }

    /**
     * A property's value, reported as read: what a decision taken from memory does for the reads
     * the session that first took it made.
     */
    public Object readProperty(String name) {
        read(name);
        return property(name);
    }

    /** The value of a property as {@link #reportingReads} names it (not itself reported). */
    public Object property(String name) {
        return switch (name) {
            case CHECK_ID -> checkId;
            case STATUS -> status;
            case METRICS -> metrics;
            case BATCH_INDEX -> batchIndex;
            default -> {
                if (!name.startsWith(METRIC_PREFIX)) {
                    throw new IllegalArgumentException("no such check outcome property: " + name);
                }
                Double v = metrics.get(name.substring(METRIC_PREFIX.length()));
                yield v == null ? Double.NaN : v;
            }
        };
    }

    /**
     * Whether two lists of outcomes answer the given reads alike, position by position (the reads
     * of {@code known.get(i)} asked of {@code standing.get(i)}): a decision that read only those
     * properties of {@code known} is the one {@code standing} would have given. Lists of different
     * sizes never do (a rule counting outcomes, or matching one by position, could tell).
     */
    public static boolean answerAlike(List<CheckOutcome> known, List<CheckOutcome> standing,
                                      List<? extends java.util.Collection<String>> reads) {
        if (standing.size() != known.size()) {
            return false;
        }
        for (int i = 0; i < known.size(); i++) {
            for (String property : reads.get(i)) {
                if (!Objects.equals(known.get(i).property(property), standing.get(i).property(property))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void read(String property) {
        if (reads != null) {
            reads.accept(property);
        }
    }
}
