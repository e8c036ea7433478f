package dev.rewire.runtime.pipeline;

import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.runtime.osgi.ServiceCatalog;
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
 * reason (a hung one is also quarantined); the others still run. Used by one thread at a time.
 */
public final class CheckWindow {

    private final EveryDeployed<BatchCheck> checks;
    private final int minSamples;
    private final List<ScoredSample> window = new ArrayList<>();

    public CheckWindow(ServiceCatalog<BatchCheck> checks, BundleCalls calls, Duration timeout, int minSamples,
                       Consumer<String> report) {
        if (minSamples < 1) {
            throw new IllegalArgumentException("a check window holds at least 1 sample, got " + minSamples);
        }
        this.checks = new EveryDeployed<>("check", checks, calls, timeout, report);
        this.minSamples = minSamples;
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
            results.add(call.failure() == null ? call.result()
                    : new CheckResult(call.id(), CheckStatus.SKIPPED, Map.of(), call.failure()));
        }
        return results;
    }
}
