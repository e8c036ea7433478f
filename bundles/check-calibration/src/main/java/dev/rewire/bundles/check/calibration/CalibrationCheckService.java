package dev.rewire.bundles.check.calibration;

import dev.rewire.framework.model.Observation;
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
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code calibration}: how well stated confidence predicts correctness over the samples of a batch
 * that carry both (see {@link CalibrationMetrics}: ECE, MCE, RMSCE, Brier and its Murphy
 * decomposition, log loss, AUROC, the reliability bins), overall and per {@code domain} and
 * {@code source}. ECE above {@code warn_ece} (0.10) warns, above {@code fail_ece} (0.20) fails.
 * Configuration PID {@code rewire.check.calibration}: {@code bins} (10), {@code binning}
 * ({@code numpy}, {@code sklearn} or {@code equal_mass}), {@code warn_ece}, {@code fail_ece}.
 *
 * <p>A report charts the ECE (with this instance's grading lines) and Brier trends, compares ECE,
 * Brier and AUROC with a baseline (a regression: ECE up by more than {@link #MAX_ECE_RISE}), draws
 * the ECE per domain and the reliability diagram ({@link #reportPlan}).
 */
@Component(service = BatchCheck.class, configurationPid = "rewire.check.calibration")
public final class CalibrationCheckService implements BatchCheck {

    /** Configuration of the check; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        int bins() default 10;

        String binning() default "numpy";

        double warn__ece() default 0.10;

        double fail__ece() default 0.20;
    }

    /** How far the whole run's ECE may rise against a baseline report before it is a regression. */
    static final double MAX_ECE_RISE = 0.05;

    private final int bins;
    private final Binning binning;
    private final double warnEce;
    private final double failEce;

    CalibrationCheckService(int bins, Binning binning, double warnEce, double failEce) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        this.bins = bins;
        this.binning = binning;
        this.warnEce = warnEce;
        this.failEce = failEce;
    }

    @Activate
    public CalibrationCheckService(Config config) {
        this(config.bins(), Binning.parse(config.binning()), config.warn__ece(), config.fail__ece());
    }

    @Override
    public String id() {
        return "calibration";
    }

    @Override
    public ReportPlan reportPlan() {
        return ReportPlan.builder()
                .trend("ece", "ECE", ReportPlan.Direction.LOWER_IS_BETTER, warnEce, failEce)
                .trend("brier", "Brier score", ReportPlan.Direction.LOWER_IS_BETTER, null, null)
                .compare("auroc", "AUROC", ReportPlan.Direction.HIGHER_IS_BETTER)
                .regression("calibration", "ece", MAX_ECE_RISE, null, 4)
                .breakdown("by_domain", "domain", "ece", "ECE")
                .reliability("bins")
                .build();
    }

    @Override
    public CheckResult check(ScoredBatch batch) {
        List<Observation> rated = new ArrayList<>(batch.samples().size());
        for (ScoredSample s : batch.samples()) {
            if (s.observed().confidence() != null && s.observed().correct() != null) {
                rated.add(s.observed());
            }
        }
        if (rated.isEmpty()) {
            return new CheckResult(id(), CheckStatus.SKIPPED, Map.of("n", 0.0),
                    "no sample carries both a stated confidence and a reference");
        }
        CalibrationMetrics overall = metrics(rated);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("binning", binning.name().toLowerCase(Locale.ROOT));
        details.put("bins", overall.binTable());
        details.put("by_domain", breakdown(rated, Observation::domain));
        details.put("by_source", breakdown(rated, Observation::source));
        // the grading lines, for reports to draw on the ECE trend
        // sorted, so a report lists them in the same order on every run (Map.of's order changes per JVM)
        details.put("thresholds", Map.of("ece", new java.util.TreeMap<>(Map.of("warn", warnEce, "fail", failEce))));
        CheckStatus status = overall.ece > failEce ? CheckStatus.FAIL
                : overall.ece > warnEce ? CheckStatus.WARN : CheckStatus.PASS;
        String message = String.format(Locale.ROOT, "ECE %.4f (%s), Brier %.4f, AUROC %.3f over %d samples "
                + "(warn > %.2f, fail > %.2f)", overall.ece, status, overall.brier, overall.auroc, overall.n, warnEce,
                failEce);
        return new CheckResult(id(), status, overall.headline(), message, details);
    }

    CalibrationMetrics metrics(List<Observation> rated) {
        double[] p = new double[rated.size()];
        boolean[] y = new boolean[rated.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = rated.get(i).confidence();
            y[i] = rated.get(i).correct();
        }
        return new CalibrationMetrics(p, y, bins, binning);
    }

    private Map<String, Map<String, Double>> breakdown(List<Observation> rated, Function<Observation, String> key) {
        Map<String, List<Observation>> groups = new TreeMap<>();
        for (Observation o : rated) {
            groups.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(k, metrics(v).headline()));
        return out;
    }
}
