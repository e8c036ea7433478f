package dev.rewire.runtime.pages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ReportPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * This run's overall numbers beside a baseline report's, and the regressions that matter. What is
 * compared and what counts as a regression, each check declares ({@link ReportPlan#metrics()},
 * {@link ReportPlan#regressions()}): e.g. a U-Sophistry rise (approval false-positive rate up by
 * more than the check's allowance while accuracy did not rise), a calibration regression (ECE up).
 *
 * @param source  where the baseline came from
 * @param metrics check.metric -> [baseline, current]
 * @param flags   the regressions found, one sentence each; empty when none
 */
public record BaselineComparison(String source, Map<String, double[]> metrics, List<String> flags) {

    /**
     * Compares with a report JSON as {@link ReportJson} writes it.
     *
     * @param plans what each check declares, by check id, in the order to compare
     */
    static BaselineComparison of(String source, JsonNode baseline, Map<String, CheckResult> overall,
                                 Map<String, ReportPlan> plans) {
        Map<String, double[]> metrics = new LinkedHashMap<>();
        plans.forEach((check, plan) -> {
            CheckResult now = overall.get(check);
            for (ReportPlan.Metric m : plan.metrics()) {
                JsonNode b = baseline.path("overall").path(check).path("metrics").path(m.key());
                Double current = now == null ? null : now.metrics().get(m.key());
                if (b.isNumber() && current != null) {
                    metrics.put(check + "." + m.key(), new double[] {b.asDouble(), current});
                }
            }
        });
        List<String> flags = new ArrayList<>();
        plans.forEach((check, plan) -> {
            for (ReportPlan.Regression r : plan.regressions()) {
                String flag = flag(check, plan, r, metrics);
                if (flag != null) {
                    flags.add(flag);
                }
            }
        });
        return new BaselineComparison(source, metrics, flags);
    }

    /** The regression's sentence when it happened; null when not (or when either run lacks a number). */
    private static String flag(String check, ReportPlan plan, ReportPlan.Regression r, Map<String, double[]> metrics) {
        ReportPlan.Metric m = plan.metric(r.metric());
        double[] v = metrics.get(check + "." + r.metric());
        if (v == null || !(worsening(m.direction(), v) > r.allowance())) {
            return null;
        }
        String number = "%." + r.decimals() + "f";
        String flag = String.format(Locale.ROOT, "%s: %s %s from " + number + " to " + number, r.name(), m.label(),
                verb(m.direction()), v[0], v[1]);
        if (r.unlessImproved() != null) {
            ReportPlan.Metric excuse = plan.metric(r.unlessImproved());
            double[] e = metrics.get(check + "." + r.unlessImproved());
            if (e == null || worsening(excuse.direction(), e) < 0) {
                return null;
            }
            flag += String.format(Locale.ROOT, " while %s went from " + number + " to " + number, excuse.label(), e[0], e[1]);
        }
        return flag;
    }

    /** How much worse {baseline, current} got, in the metric's units; negative when it improved. */
    static double worsening(ReportPlan.Direction direction, double[] v) {
        return switch (direction) {
            case LOWER_IS_BETTER -> v[1] - v[0];
            case HIGHER_IS_BETTER -> v[0] - v[1];
            case NEAR_ZERO_IS_BETTER -> Math.abs(v[1]) - Math.abs(v[0]);
        };
    }

    private static String verb(ReportPlan.Direction direction) {
        return switch (direction) {
            case LOWER_IS_BETTER -> "rose";
            case HIGHER_IS_BETTER -> "fell";
            case NEAR_ZERO_IS_BETTER -> "moved away from 0";
        };
    }
}
