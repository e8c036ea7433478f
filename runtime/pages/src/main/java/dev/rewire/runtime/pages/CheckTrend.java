package dev.rewire.runtime.pages;

import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ReportPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One trended metric a check declares ({@link ReportPlan.Metric#trended()}) as a chart over batch
 * windows: the window means with bands, the check's grading lines (mirrored below zero when near
 * zero is better), the baseline's value, and a point per window coloured by its worst status.
 * Stateless.
 */
final class CheckTrend {

    /** Worst first: the status a window's point shows. */
    private static final List<CheckStatus> SEVERITY =
            java.util.Arrays.stream(CheckStatus.values()).sorted(CheckStatus.MOST_SEVERE_FIRST).toList();

    /** Per window (null where the check has none): the metric's band, the worst status, the point's tooltip. */
    private record Windows(BatchWindows.Band[] bands, CheckStatus[] worst, String[] tips, boolean any) {
    }

    private CheckTrend() {
    }

    /** A declared metric's trend: window means with bands, the check's grading lines, each window's worst status. */
    static String render(Report r, String check, ReportPlan.Metric declared) {
        String label = declared.label();
        Windows w = windows(r.windows(), check, declared.key(), label);
        if (!w.any()) {
            return new SvgChart(label + " by batch", TrendCharts.WIDTH, 80, 0, 1, 0, 1).close()
                    .replace("</svg>", "<text x=\"62\" y=\"50\">not measured in this run</text></svg>");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (BatchWindows.Band b : w.bands()) {
            if (b != null) {
                lo = Math.min(lo, b.min());
                hi = Math.max(hi, b.max());
            }
        }
        Map<String, Double> thresholds = thresholds(declared);
        boolean absolute = declared.direction() == ReportPlan.Direction.NEAR_ZERO_IS_BETTER;
        for (double t : thresholds.values()) {
            hi = Math.max(hi, t);
            if (absolute) {
                lo = Math.min(lo, -t);
            }
        }
        double[] base = r.baseline() == null ? null : r.baseline().metrics().get(check + "." + declared.key());
        if (base != null) {
            lo = Math.min(lo, base[0]);
            hi = Math.max(hi, base[0]);
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(lo, 0);
        SvgChart c = TrendCharts.chart(r, label + " by batch", lo, hi);
        double[] x = TrendCharts.mids(r.windows());
        TrendCharts.drawBands(c, x, w.bands(), "mean of graded batches");
        gradingLines(c, thresholds, absolute, base);
        statusPoints(c, x, w, lo);
        return c.close();
    }

    /** Each window's band of the metric, worst status and tooltip. */
    private static Windows windows(List<BatchWindows.Window> ws, String check, String metric, String label) {
        BatchWindows.Band[] bands = new BatchWindows.Band[ws.size()];
        CheckStatus[] worst = new CheckStatus[ws.size()];
        String[] tips = new String[ws.size()];
        boolean any = false;
        for (int i = 0; i < ws.size(); i++) {
            BatchWindows.CheckBand c = ws.get(i).checks().get(check);
            if (c == null) {
                continue;
            }
            any = true;
            bands[i] = c.metrics().get(metric);
            worst[i] = SEVERITY.stream().filter(c.statuses()::containsKey).findFirst().orElse(null);
            tips[i] = String.format(Locale.ROOT, "batches %d-%d (%d batches, %d samples): %s", ws.get(i).firstBatch(),
                    ws.get(i).lastBatch(), ws.get(i).batches(), ws.get(i).samples(), c.statuses());
            if (bands[i] != null) {
                tips[i] += String.format(Locale.ROOT, "; %s mean %s, range %s to %s", label, Page.number(bands[i].mean()),
                        Page.number(bands[i].min()), Page.number(bands[i].max()));
            }
        }
        return new Windows(bands, worst, tips, any);
    }

    /** The check's declared grading lines, warn before fail, those it declares. */
    private static Map<String, Double> thresholds(ReportPlan.Metric declared) {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        if (declared.warn() != null) {
            thresholds.put("warn", declared.warn());
        }
        if (declared.fail() != null) {
            thresholds.put("fail", declared.fail());
        }
        return thresholds;
    }

    /** The grading lines (mirrored below zero when {@code absolute}) and the baseline's value. */
    private static void gradingLines(SvgChart c, Map<String, Double> thresholds, boolean absolute, double[] base) {
        thresholds.forEach((k, t) -> {
            String color = k.equals("warn") ? "#b76e00" : "#c62828";
            c.hline(t, color, "5 3", k + " " + Page.tick(t));
            if (absolute) {
                c.hline(-t, color, "5 3", k + " -" + Page.tick(t));
            }
        });
        if (base != null) {
            c.hline(base[0], "#555", "2 3", "baseline " + Page.number(base[0]));
        }
    }

    /** A point per window coloured by its worst status, and the key of every status's colour. */
    private static void statusPoints(SvgChart c, double[] x, Windows w, double lo) {
        for (int i = 0; i < x.length; i++) {
            if (w.worst()[i] != null) {
                // a window without a graded batch has no mean: its point sits on the axis
                c.point(x[i], w.bands()[i] != null ? w.bands()[i].mean() : lo, HtmlReport.color(w.worst()[i]), w.tips()[i]);
            }
        }
        for (CheckStatus s : SEVERITY) {
            c.key(HtmlReport.color(s), s.name());
        }
    }
}
