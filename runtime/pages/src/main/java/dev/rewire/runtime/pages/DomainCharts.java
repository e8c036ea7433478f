package dev.rewire.runtime.pages;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ReportPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-domain bars: accuracy and mean reward over every sample, then each metric a check breaks
 * down by domain in its whole-run details ({@link ReportPlan#breakdowns()}), with its grading lines.
 */
final class DomainCharts {

    private static final int WIDTH = 300;
    private static final int HEIGHT = 230;

    private DomainCharts() {
    }

    static String render(Report r) {
        if (r.domains().isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>(r.domains().keySet());
        double[] accuracy = new double[names.size()];
        double[] reward = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            Report.DomainSummary d = r.domains().get(names.get(i));
            accuracy[i] = d.accuracy();
            reward[i] = d.meanReward();
        }
        StringBuilder s = new StringBuilder();
        s.append(bars("Accuracy by domain", names, accuracy, 0, 1, r, "accuracy", null));
        r.plans().forEach((check, plan) -> {
            for (ReportPlan.Breakdown b : plan.breakdowns()) {
                if (b.by().equals("domain")) {
                    s.append(breakdown(r, names, r.overall().get(check), plan, b));
                }
            }
        });
        s.append(bars("Mean reward by domain", names, reward, Math.min(0, min(reward)), Math.max(0, max(reward)), r,
                "mean reward", null));
        return s.toString();
    }

    /** One declared breakdown's bars: the metric per domain, from the whole run's details. */
    private static String breakdown(Report r, List<String> names, CheckResult result, ReportPlan plan,
                                    ReportPlan.Breakdown b) {
        Map<?, ?> byDomain = result != null && result.details().get(b.detailsKey()) instanceof Map<?, ?> m ? m : Map.of();
        double[] values = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            values[i] = byDomain.get(names.get(i)) instanceof Map<?, ?> m && m.get(b.metric()) instanceof Number n
                    ? n.doubleValue() : Double.NaN;
        }
        ReportPlan.Metric graded = plan.metric(b.metric());
        double hi = max(values);
        double lo = Math.min(0, min(values));
        if (graded != null) {
            for (Double line : new Double[] {graded.warn(), graded.fail()}) {
                if (line != null) {
                    // room above the fail line, so a bar just past it reads as past it
                    hi = Math.max(hi, 1.25 * line);
                    lo = graded.direction() == ReportPlan.Direction.NEAR_ZERO_IS_BETTER ? Math.min(lo, -1.25 * line) : lo;
                }
            }
        }
        return bars(b.label() + " by domain", names, values, lo, hi, r, b.label(), graded);
    }

    private static String bars(String title, List<String> names, double[] values, double lo, double hi, Report r,
                               String what, ReportPlan.Metric graded) {
        SvgChart c = new SvgChart(title, WIDTH, HEIGHT, -0.5, names.size() - 0.5, lo, hi).axes("domain", "", true, false);
        for (int i = 0; i < names.size(); i++) {
            c.xLabel(i, names.get(i));
            Report.DomainSummary d = r.domains().get(names.get(i));
            if (Double.isFinite(values[i])) {
                c.bar(i, 0.6, values[i], "#4a78c2", names.get(i) + ": " + what + " " + Page.number(values[i]) + " ("
                        + d.samples() + " samples, " + d.rated() + " with a reference)");
            }
        }
        if (graded != null) {
            boolean bothSides = graded.direction() == ReportPlan.Direction.NEAR_ZERO_IS_BETTER;
            if (graded.warn() != null) {
                c.hline(graded.warn(), "#b76e00", "5 3", "warn");
                if (bothSides) {
                    c.hline(-graded.warn(), "#b76e00", "5 3", "warn");
                }
            }
            if (graded.fail() != null) {
                c.hline(graded.fail(), "#c62828", "5 3", "fail");
                if (bothSides) {
                    c.hline(-graded.fail(), "#c62828", "5 3", "fail");
                }
            }
        }
        return c.close();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).max().orElse(1);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).min().orElse(0);
    }
}
