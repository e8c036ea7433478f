package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The check stage: scored samples gather until the window holds at least {@code minSamples}, then
 * every deployed check measures the window. {@code rewire score} checks every batch on its own
 * (a window of 1); {@code rewire serve}, whose micro-batches may hold a single sample, checks
 * windows of served samples. A check that throws or runs past the deadline is SKIPPED with the
 * reason (a hung one is also quarantined); the others still run. A result resting on fewer than
 * {@code minGradedSamples} samples (the check's own {@code n} metric, else the window's size) is
 * not graded: PASS/WARN/FAIL become {@link CheckStatus#INSUFFICIENT}, the metrics kept, so no gate
 * acts on a tail batch's chance numbers. Used by one thread at a time.
 */
public final class CheckWindow {

    private final EveryDeployed<BatchCheck> checks;
    private final int minSamples;
    private final int minGradedSamples;
    private final List<ScoredSample> window = new ArrayList<>();

    public CheckWindow(ServiceCatalog<BatchCheck> checks, BundleCalls calls, Duration timeout, int minSamples,
                       int minGradedSamples, Consumer<String> report) {
        this(checks, calls, timeout, "--term-timeout-ms", true, minSamples, minGradedSamples, report);
    }

    /**
     * The checks of a whole run (a report's totals): their own deadline, named in the message when
     * it passes, and no quarantine (a check slow on a whole large run is not a hung bundle).
     */
    public static CheckWindow wholeRun(ServiceCatalog<BatchCheck> checks, BundleCalls calls, Duration timeout,
                                       int minGradedSamples, Consumer<String> report) {
        return new CheckWindow(checks, calls, timeout, "--run-check-timeout-ms", false, 1, minGradedSamples, report);
    }

    private CheckWindow(ServiceCatalog<BatchCheck> checks, BundleCalls calls, Duration timeout, String deadlineOption,
                        boolean quarantine, int minSamples, int minGradedSamples, Consumer<String> report) {
        if (minSamples < 1) {
            throw new IllegalArgumentException("a check window holds at least 1 sample, got " + minSamples);
        }
        this.checks = new EveryDeployed<>("check", checks, calls, timeout, deadlineOption, quarantine, report);
        this.minSamples = minSamples;
        this.minGradedSamples = minGradedSamples;
    }

    /**
     * Adds a batch's scored samples.
     *
     * @param index the index the window's results carry (the batch that completed it)
     * @return the checks' results when this batch completed the window, else an empty list
     */
    public List<CheckResult> add(long index, List<ScoredSample> samples) {
        window.addAll(samples);
        if (window.size() < minSamples) {
            return List.of();
        }
        ScoredBatch batch = new ScoredBatch(index, List.copyOf(window));
        window.clear();
        return runAll(batch);
    }

    /** Runs every deployed check on these samples now, whatever the window holds (a run's totals). */
    public List<CheckResult> runAll(ScoredBatch batch) {
        List<CheckResult> results = new ArrayList<>();
        for (EveryDeployed.Call<CheckResult> call : checks.call(check -> check.check(batch))) {
            results.add(call.failure() == null ? graded(call.result(), batch.samples().size())
                    : new CheckResult(call.id(), CheckStatus.SKIPPED, Map.of(), call.failure()));
        }
        return results;
    }

    /** The state of every deployed check that keeps one, by check id (see {@link BatchCheck#state}). */
    public Map<String, Map<String, Double>> states() {
        Map<String, Map<String, Double>> out = new java.util.TreeMap<>();
        for (EveryDeployed.Call<Map<String, Double>> call : checks.call(BatchCheck::state)) {
            if (call.failure() == null && !call.result().isEmpty()) {
                out.put(call.id(), Map.copyOf(call.result()));
            }
        }
        return out;
    }

    /**
     * Gives each deployed check the state it saved ({@link BatchCheck#restore}).
     *
     * @return the ids of saved states no deployed check took (its bundle is not deployed now)
     */
    public List<String> restore(Map<String, Map<String, Double>> states) {
        java.util.Set<String> left = new java.util.TreeSet<>(states.keySet());
        for (EveryDeployed.Call<Boolean> call : checks.call(check -> {
            Map<String, Double> saved = states.get(check.id());
            if (saved != null) {
                check.restore(saved);
            }
            return Boolean.TRUE;
        })) {
            if (call.failure() == null) {
                left.remove(call.id());
            }
        }
        return List.copyOf(left);
    }

    private CheckResult graded(CheckResult r, int windowSize) {
        if (r.status() == CheckStatus.SKIPPED) {
            return r;
        }
        Double n = r.metrics().get("n");
        long behind = n != null && Double.isFinite(n) ? Math.round(n) : windowSize;
        if (behind >= minGradedSamples) {
            return r;
        }
        return new CheckResult(r.checkId(), CheckStatus.INSUFFICIENT, r.metrics(), "n=" + behind + " < "
                + minGradedSamples + ": not graded (would have been " + r.status() + "); " + r.message(), r.details());
    }
}
