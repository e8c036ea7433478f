package dev.rewire.runtime.serve;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.stats.RunningMoments;
import dev.rewire.runtime.pipeline.TermStatistics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The server's metrics on a Micrometer Prometheus registry ({@code GET /metrics}) and the same
 * per-term figures under the names trainers log ({@code GET /stats}: {@code rewards/{term}/mean}).
 *
 * <p>Prometheus names: {@code rewire_requests_seconds{endpoint,status}} (histogram),
 * {@code rewire_batch_samples} and {@code rewire_batch_seconds} (histograms),
 * {@code rewire_term_mean|std|abstain_rate{term}}, {@code rewire_reward_mean|std},
 * {@code rewire_stage_seconds_total{stage}} (judge, decide, evaluate, score, assemble, check),
 * {@code rewire_bundle_info{bundle,version}} and {@code rewire_policy_info{sha256}} (always 1),
 * {@code rewire_quarantined_services}. Thread safe.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary batchSamples = DistributionSummary.builder("rewire.batch.samples")
            .description("samples per micro-batch").publishPercentileHistogram().register(registry);
    private final Timer batchTime = Timer.builder("rewire.batch").description("pipeline time per micro-batch")
            .publishPercentileHistogram().register(registry);
    private final MultiGauge bundleInfo = MultiGauge.builder("rewire.bundle.info")
            .description("bundles serving now (value always 1)").register(registry);
    private final MultiGauge policyInfo = MultiGauge.builder("rewire.policy.info")
            .description("the policy in force (value always 1)").register(registry);
    private final Set<String> termGauges = new HashSet<>();
    private final Map<String, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private final RunningMoments rewards = new RunningMoments();
    private volatile Map<String, TermStatistics.Figures> termSnapshot = Map.of();
    private volatile HostView host;

    /** From now on the host's figures are reported. */
    public void attach(HostView host) {
        this.host = host;
        Gauge.builder("rewire.quarantined.services", () -> host.quarantined().size())
                .description("services taken out of service after a hung call").register(registry);
        for (String stage : host.stageSeconds().keySet()) {
            io.micrometer.core.instrument.FunctionCounter.builder("rewire.stage.seconds", host,
                    h -> h.stageSeconds().get(stage)).tag("stage", stage)
                    .description("pipeline wall time in each stage since start").register(registry);
        }
        Gauge.builder("rewire.reward.mean", this, m -> m.rewardMoment(true)).register(registry);
        Gauge.builder("rewire.reward.std", this, m -> m.rewardMoment(false)).register(registry);
    }

    void request(String endpoint, int status, long nanos) {
        requestTimers.computeIfAbsent(endpoint + ' ' + status, k -> Timer.builder("rewire.requests")
                        .tags("endpoint", endpoint, "status", Integer.toString(status))
                        .publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void batch(List<RewardRecord> records, int samples, long nanos) {
        batchSamples.record(samples);
        batchTime.record(nanos, TimeUnit.NANOSECONDS);
        synchronized (rewards) {
            for (RewardRecord r : records) {
                rewards.add(r.reward());
            }
        }
    }

    private double rewardMoment(boolean mean) {
        synchronized (rewards) {
            return mean ? rewards.mean() : rewards.std();
        }
    }

    /** The Prometheus text exposition, with the host's current bundles, policy and terms. */
    public String scrape() {
        HostView h = host;
        if (h != null) {
            refresh(h);
        }
        return registry.scrape();
    }

    private synchronized void refresh(HostView h) {
        termSnapshot = h.terms();
        for (String term : termSnapshot.keySet()) {
            if (termGauges.add(term)) {
                Gauge.builder("rewire.term.mean", () -> figure(term, TermStatistics.Figures::mean)).tag("term", term)
                        .register(registry);
                Gauge.builder("rewire.term.std", () -> figure(term, TermStatistics.Figures::std)).tag("term", term)
                        .register(registry);
                Gauge.builder("rewire.term.abstain.rate", () -> figure(term, TermStatistics.Figures::abstainRate))
                        .tag("term", term).register(registry);
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        h.bundles().forEach((bundle, version) -> rows.add(MultiGauge.Row.of(Tags.of("bundle", bundle, "version", version), 1)));
        bundleInfo.register(rows, true);
        policyInfo.register(List.of(MultiGauge.Row.of(Tags.of("sha256", h.policySha256()), 1)), true);
    }

    private double figure(String term, java.util.function.ToDoubleFunction<TermStatistics.Figures> f) {
        TermStatistics.Figures figures = termSnapshot.get(term);
        return figures == null ? Double.NaN : f.applyAsDouble(figures);
    }

    /**
     * Per-term figures under the names TRL logs its reward functions by ({@code rewards/{term}/mean},
     * {@code /std}) plus {@code /abstain_rate} and {@code /zero_variance_share}, and the reward's.
     */
    public Map<String, Object> trainerStats() {
        Map<String, Object> out = new LinkedHashMap<>();
        HostView h = host;
        if (h == null) {
            return out;
        }
        h.terms().forEach((term, f) -> {
            out.put("rewards/" + term + "/mean", finite(f.mean()));
            out.put("rewards/" + term + "/std", finite(f.std()));
            out.put("rewards/" + term + "/abstain_rate", finite(f.abstainRate()));
            out.put("rewards/" + term + "/zero_variance_share", finite(f.zeroVarianceShare()));
            out.put("rewards/" + term + "/routed", f.routed());
        });
        out.put("reward", finite(rewardMoment(true)));
        out.put("reward_std", finite(rewardMoment(false)));
        out.put("policy", h.policySha256());
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
