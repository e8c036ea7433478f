package dev.rewire.runtime.pages;

import dev.rewire.framework.spi.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Per-domain bars: accuracy and mean reward over every sample, ECE from the overall calibration check. */
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
        double[] ece = new double[names.size()];
        Map<?, ?> byDomain = eceByDomain(r.overall().get("calibration"));
        for (int i = 0; i < names.size(); i++) {
            Report.DomainSummary d = r.domains().get(names.get(i));
            accuracy[i] = d.accuracy();
            reward[i] = d.meanReward();
            ece[i] = byDomain.get(names.get(i)) instanceof Map<?, ?> m && m.get("ece") instanceof Number n
                    ? n.doubleValue() : Double.NaN;
        }
        StringBuilder s = new StringBuilder();
        s.append(bars("Accuracy by domain", names, accuracy, 0, 1, r, "accuracy"));
        s.append(bars("ECE by domain", names, ece, 0, Math.max(0.25, max(ece)), r, "ECE"));
        s.append(bars("Mean reward by domain", names, reward, Math.min(0, min(reward)), Math.max(0, max(reward)), r,
                "mean reward"));
        return s.toString();
    }

    private static String bars(String title, List<String> names, double[] values, double lo, double hi, Report r,
                               String what) {
        SvgChart c = new SvgChart(title, WIDTH, HEIGHT, -0.5, names.size() - 0.5, lo, hi).axes("domain", "", true, false);
        for (int i = 0; i < names.size(); i++) {
            c.xLabel(i, names.get(i));
            Report.DomainSummary d = r.domains().get(names.get(i));
            if (Double.isFinite(values[i])) {
                c.bar(i, 0.6, values[i], "#4a78c2", String.format(Locale.ROOT, "%s: %s %s (%d samples, %d with a "
                        + "reference)", names.get(i), what, HtmlReport.fmt(values[i]), d.samples(), d.rated()));
            }
        }
        if (what.equals("ECE")) {
            CheckResult cal = r.overall().get("calibration");
            if (cal != null && cal.details().get("thresholds") instanceof Map<?, ?> t
                    && t.get("ece") instanceof Map<?, ?> lines) {
                if (lines.get("warn") instanceof Number w) {
                    c.hline(w.doubleValue(), "#b76e00", "5 3", "warn");
                }
                if (lines.get("fail") instanceof Number f) {
                    c.hline(f.doubleValue(), "#c62828", "5 3", "fail");
                }
            }
        }
        return c.close();
    }

    private static Map<?, ?> eceByDomain(CheckResult calibration) {
        return calibration != null && calibration.details().get("by_domain") instanceof Map<?, ?> m ? m : Map.of();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).max().orElse(1);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).min().orElse(0);
    }
}
