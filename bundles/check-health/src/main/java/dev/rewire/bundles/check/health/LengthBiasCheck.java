package dev.rewire.bundles.check.health;

import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ReportPlan;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code length_bias}: per-point preference for the more detailed answer is not a preference for a
 * world of maximally detailed answers; length bias shows only in the distribution. Pearson and
 * Spearman correlation of reward with completion length, overall and per domain. WARN when the
 * overall |Spearman| exceeds {@code warn_rho} (0.3), FAIL past {@code fail_rho} (0.6).
 * Configuration PID {@code rewire.check.length_bias}. A report charts the Spearman trend with the
 * grading lines on both sides of 0 and compares it with a baseline ({@link #reportPlan}).
 */
@Component(service = BatchCheck.class, configurationPid = "rewire.check.length_bias")
public final class LengthBiasCheck implements BatchCheck {

    /** Configuration of the check; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        double warn__rho() default 0.3;

        double fail__rho() default 0.6;
    }

    private final double warnRho;
    private final double failRho;

    LengthBiasCheck(double warnRho, double failRho) {
        this.warnRho = warnRho;
        this.failRho = failRho;
    }

    @Activate
    public LengthBiasCheck(Config c) {
        this(c.warn__rho(), c.fail__rho());
    }

    @Override
    public String id() {
        return "length_bias";
    }

    @Override
    public ReportPlan reportPlan() {
        return ReportPlan.builder()
                .trend("spearman", "Spearman(reward, length)", ReportPlan.Direction.NEAR_ZERO_IS_BETTER, warnRho, failRho)
                .build();
    }

    @Override
    public CheckResult check(ScoredBatch batch) {
        // evaluation records checked by `rewire check` may carry no reward (NaN)
        List<ScoredSample> rewarded = new ArrayList<>(batch.samples().size());
        for (ScoredSample s : batch.samples()) {
            if (Double.isFinite(s.reward())) {
                rewarded.add(s);
            }
        }
        if (rewarded.size() < 3) {
            return new CheckResult(id(), CheckStatus.SKIPPED, Map.of("n", (double) rewarded.size()),
                    "fewer than 3 samples with a reward");
        }
        Map<String, Double> overall = correlations(rewarded);
        Map<String, List<ScoredSample>> byDomain = new TreeMap<>();
        rewarded.forEach(s -> byDomain.computeIfAbsent(s.observed().domain(), d -> new ArrayList<>()).add(s));
        Map<String, Object> perDomain = new LinkedHashMap<>();
        byDomain.forEach((d, samples) -> perDomain.put(d, correlations(samples)));
        double rho = Math.abs(overall.get("spearman"));
        CheckStatus status = Double.isNaN(rho) ? CheckStatus.SKIPPED
                : rho > failRho ? CheckStatus.FAIL : rho > warnRho ? CheckStatus.WARN : CheckStatus.PASS;
        return new CheckResult(id(), status, overall, String.format(Locale.ROOT,
                "reward vs length: Spearman %.3f, Pearson %.3f over %d samples", overall.get("spearman"),
                overall.get("pearson"), rewarded.size()), new java.util.TreeMap<>(Map.of("by_domain", perDomain,
                // the grading lines (on |Spearman|), for reports to draw on the trend; sorted maps, so a
                // report lists them in the same order on every run (Map.of's order changes per JVM)
                "thresholds", Map.of("spearman", new java.util.TreeMap<>(Map.of("warn", warnRho, "fail", failRho,
                        "absolute", true))))));
    }

    private static Map<String, Double> correlations(List<ScoredSample> samples) {
        double[] reward = new double[samples.size()];
        double[] length = new double[samples.size()];
        for (int i = 0; i < reward.length; i++) {
            reward[i] = samples.get(i).reward();
            length[i] = samples.get(i).observed().length();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("n", (double) reward.length);
        m.put("pearson", Correlation.pearson(length, reward));
        m.put("spearman", Correlation.spearman(length, reward));
        return m;
    }
}
