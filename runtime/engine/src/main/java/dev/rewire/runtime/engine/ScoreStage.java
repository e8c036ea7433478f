package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;
import dev.rewire.runtime.host.Services;

import dev.rewire.framework.spi.RewardScorer;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.framework.spi.ScoringRequest;
import dev.rewire.framework.spi.ScoringResult;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.runtime.host.osgi.Lease;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The score stage: the term values (NaN where a term abstained or was not routed) and the route
 * weights go to the deployed {@link RewardScorer} as one rows x terms request. The scorer runs
 * under the same deadline as the terms: without rewards the batch cannot be answered, so a scorer
 * that hangs or throws fails this batch (named, never a hang); a hung one is also quarantined, so
 * the next batch goes to another scorer or fails at once. Used by one thread at a time.
 */
final class ScoreStage {

    /** The rewards and advantages, and the scorer bundle that computed them. */
    record Scored(ScoringResult result, String bundle, String version) {
    }

    private final ServiceCatalog<RewardScorer> scorers;
    private final BundleCalls calls;
    private final Duration timeout;
    private final ScoringOptions options;

    ScoreStage(ServiceCatalog<RewardScorer> scorers, BundleCalls calls, Duration timeout, ScoringOptions options) {
        this.scorers = scorers;
        this.calls = calls;
        this.timeout = timeout;
        this.options = options;
    }

    Scored score(RouteTable table, List<TermEvaluator.TermRun> runs) {
        ScoringRequest request = new ScoringRequest(table.rows(), table.terms(), values(table, runs),
                table.weights(), table.groupOfRow(), options);
        try (Lease<RewardScorer> scorer = scorers.acquire(Services.SCORER)) {
            if (scorer == null) {
                throw new IllegalStateException("no RewardScorer is deployed (the rewire.scorer-djl bundle provides one)");
            }
            return new Scored(within(scorer, request), scorer.bundle(), scorer.version());
        }
    }

    /** Row-major term values; NaN where the term was not routed or abstained. */
    static double[] values(RouteTable table, List<TermEvaluator.TermRun> runs) {
        int n = table.rows();
        int k = table.terms().size();
        double[] values = new double[n * k];
        Arrays.fill(values, Double.NaN);
        for (int c = 0; c < k; c++) {
            TermEvaluator.TermRun run = runs.get(c);
            for (int row = 0; row < n; row++) {
                TermResult result = run.at(row);
                if (result != null && !result.abstained()) {
                    values[row * k + c] = result.value();
                }
            }
        }
        return values;
    }

    private ScoringResult within(Lease<RewardScorer> scorer, ScoringRequest request) {
        String who = "scorer " + scorer.bundle() + " " + scorer.version();
        try {
            return calls.within(timeout, () -> scorer.service().score(request));
        } catch (TimeoutException e) {
            String why = "timeout after " + timeout.toMillis() + " ms";
            scorers.quarantine(scorer, why);
            throw new IllegalStateException(who + ": " + why + "; quarantined until redeployed");
        } catch (ExecutionException e) {
            throw new IllegalStateException(who + " failed: " + e.getCause(), e.getCause());
        }
    }
}
