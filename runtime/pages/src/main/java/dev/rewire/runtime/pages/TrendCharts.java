package dev.rewire.runtime.pages;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The report's trends over batch windows: the checks' headline metrics (with their thresholds and
 * each window's worst status), batch sizes, rewards, advantages, and each term's mean value and
 * weight. Every chart draws per-window means with bands, so a run of thousands of batches reads as
 * well as one of ten.
 */
final class TrendCharts {

    private static final int WIDTH = 600;
    private static final int HEIGHT = 250;
    private static final String BLUE = "#2a5db0";
    private static final String[][] CHECK_TRENDS = {
        {"calibration", "ece", "ECE"}, {"calibration", "brier", "Brier score"},
        {"sophistry", "false_positive_rate", "P(approved | wrong)"}, {"length_bias", "spearman", "Spearman(reward, length)"},
    };
    /** Worst first: the status a window's point shows. */
    private static final List<CheckStatus> SEVERITY = List.of(CheckStatus.FAIL, CheckStatus.WARN, CheckStatus.PASS,
            CheckStatus.INSUFFICIENT, CheckStatus.SKIPPED);

    private TrendCharts() {
    }

    static void render(StringBuilder h, Report r) {
        if (r.windows().isEmpty()) {
            h.append("<p>No batch was scored.</p>");
            return;
        }
        for (String[] t : CHECK_TRENDS) {
            h.append(checkTrend(r, t[0], t[1], t[2]));
        }
        List<BatchWindows.Window> ws = r.windows();
        h.append(bandTrend(r, "Batch size (samples)", "samples", w -> w.batchSize(), false));
        h.append(bandTrend(r, "Reward", "reward", BatchWindows.Window::reward, true));
        h.append(bandTrend(r, "Advantage", "advantage", BatchWindows.Window::advantage, true));
        ws.get(ws.size() - 1).terms().keySet().stream().sorted().forEach(term -> h.append(termTrend(r, term)));
    }

    private static double[] mids(List<BatchWindows.Window> ws) {
        double[] x = new double[ws.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (ws.get(i).firstBatch() + ws.get(i).lastBatch()) / 2.0;
        }
        return x;
    }

    private static SvgChart chart(Report r, String title, double lo, double hi) {
        List<BatchWindows.Window> ws = r.windows();
        return new SvgChart(title, WIDTH, HEIGHT, ws.get(0).firstBatch(), ws.get(ws.size() - 1).lastBatch(), lo, hi)
                .axes("batch", "", true);
    }

    private static String checkTrend(Report r, String check, String metric, String label) {
        List<BatchWindows.Window> ws = r.windows();
        BatchWindows.Band[] bands = new BatchWindows.Band[ws.size()];
        CheckStatus[] worst = new CheckStatus[ws.size()];
        String[] tips = new String[ws.size()];
        boolean any = false;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ws.size(); i++) {
            BatchWindows.CheckBand c = ws.get(i).checks().get(check);
            if (c == null) {
                continue;
            }
            any = true;
            bands[i] = c.metrics().get(metric);
            for (CheckStatus s : SEVERITY) {
                if (c.statuses().containsKey(s)) {
                    worst[i] = s;
                    break;
                }
            }
            tips[i] = String.format(Locale.ROOT, "batches %d-%d (%d batches, %d samples): %s", ws.get(i).firstBatch(),
                    ws.get(i).lastBatch(), ws.get(i).batches(), ws.get(i).samples(), c.statuses());
            if (bands[i] != null) {
                lo = Math.min(lo, bands[i].min());
                hi = Math.max(hi, bands[i].max());
                tips[i] += String.format(Locale.ROOT, "; %s mean %s, range %s to %s", label, HtmlReport.fmt(bands[i].mean()),
                        HtmlReport.fmt(bands[i].min()), HtmlReport.fmt(bands[i].max()));
            }
        }
        if (!any) {
            return new SvgChart(label + " by batch", WIDTH, 80, 0, 1, 0, 1).close()
                    .replace("</svg>", "<text x=\"62\" y=\"50\">not measured in this run</text></svg>");
        }
        Map<String, Double> thresholds = thresholds(r.overall().get(check), metric);
        boolean absolute = thresholds.containsKey("absolute");
        for (String k : List.of("warn", "fail")) {
            if (thresholds.containsKey(k)) {
                hi = Math.max(hi, thresholds.get(k));
                if (absolute) {
                    lo = Math.min(lo, -thresholds.get(k));
                }
            }
        }
        double[] base = r.baseline() == null ? null : r.baseline().metrics().get(check + "." + metric);
        if (base != null) {
            lo = Math.min(lo, base[0]);
            hi = Math.max(hi, base[0]);
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(lo, 0);
        SvgChart c = chart(r, label + " by batch", lo, hi);
        double[] x = mids(ws);
        drawBands(c, x, bands, "mean of graded batches");
        for (String k : List.of("warn", "fail")) {
            if (thresholds.containsKey(k)) {
                String color = k.equals("warn") ? "#b76e00" : "#c62828";
                c.hline(thresholds.get(k), color, "5 3", k + " " + SvgChart.tick(thresholds.get(k)));
                if (absolute) {
                    c.hline(-thresholds.get(k), color, "5 3", k + " -" + SvgChart.tick(thresholds.get(k)));
                }
            }
        }
        if (base != null) {
            c.hline(base[0], "#555", "2 3", "baseline " + HtmlReport.fmt(base[0]));
        }
        for (int i = 0; i < ws.size(); i++) {
            if (worst[i] != null) {
                // a window without a graded batch has no mean: its point sits on the axis
                c.point(x[i], bands[i] != null ? bands[i].mean() : lo, HtmlReport.color(worst[i]), tips[i]);
            }
        }
        for (CheckStatus s : SEVERITY) {
            c.key(HtmlReport.color(s), s.name());
        }
        return c.close();
    }

    /** Per window: the mean line, the range band and the mean +- sd band of a per-sample or per-batch quantity. */
    private static String bandTrend(Report r, String title, String what, Function<BatchWindows.Window, BatchWindows.Band> of,
                                    boolean zeroLine) {
        List<BatchWindows.Window> ws = r.windows();
        BatchWindows.Band[] bands = new BatchWindows.Band[ws.size()];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ws.size(); i++) {
            BatchWindows.Band b = of.apply(ws.get(i));
            if (b.n() > 0) {
                bands[i] = b;
                lo = Math.min(lo, b.min());
                hi = Math.max(hi, b.max());
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        SvgChart c = chart(r, title + " by batch", Math.min(lo, 0), hi);
        drawBands(c, mids(ws), bands, "mean " + what);
        if (zeroLine) {
            c.hline(0, "#777", "2 3", "0");
        }
        return c.close();
    }

    /** Per window (null: nothing to draw): its range as a light band, mean +- sd (within the range) darker, the mean as a line. */
    private static void drawBands(SvgChart c, double[] x, BatchWindows.Band[] bands, String meanLabel) {
        double[] mean = new double[bands.length];
        double[] min = new double[bands.length];
        double[] max = new double[bands.length];
        double[] sdLo = new double[bands.length];
        double[] sdHi = new double[bands.length];
        for (int i = 0; i < bands.length; i++) {
            BatchWindows.Band b = bands[i];
            mean[i] = b == null ? Double.NaN : b.mean();
            min[i] = b == null ? Double.NaN : b.min();
            max[i] = b == null ? Double.NaN : b.max();
            sdLo[i] = b == null ? Double.NaN : Math.max(b.min(), b.mean() - b.std());
            sdHi[i] = b == null ? Double.NaN : Math.min(b.max(), b.mean() + b.std());
        }
        c.band(x, min, max, BLUE, 0.12, "range").band(x, sdLo, sdHi, BLUE, 0.25, "mean \u00b1 sd")
                .line(x, mean, BLUE, null, meanLabel);
    }

    /** A term's mean value (with its sd band) and mean weight per window. */
    private static String termTrend(Report r, String term) {
        List<BatchWindows.Window> ws = r.windows();
        double[] x = mids(ws);
        double[] value = new double[ws.size()];
        double[] sdLo = new double[ws.size()];
        double[] sdHi = new double[ws.size()];
        double[] weight = new double[ws.size()];
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < ws.size(); i++) {
            BatchWindows.TermBand t = ws.get(i).terms().get(term);
            value[i] = t == null ? Double.NaN : t.value().mean();
            sdLo[i] = t == null ? Double.NaN : t.value().mean() - t.value().std();
            sdHi[i] = t == null ? Double.NaN : t.value().mean() + t.value().std();
            weight[i] = t == null ? Double.NaN : t.weight().mean();
            for (double v : new double[] {sdLo[i], sdHi[i], weight[i]}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        SvgChart c = chart(r, "term " + term + ": value and weight by batch", lo, hi);
        c.band(x, sdLo, sdHi, BLUE, 0.2, "value mean \u00b1 sd").line(x, value, BLUE, null, "mean value")
                .line(x, weight, "#d95f02", "5 3", "mean weight");
        return c.close();
    }

    /** A check's grading lines for a metric, as it reports them in its details ({@code thresholds}). */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> thresholds(CheckResult overall, String metric) {
        if (overall == null || !(overall.details().get("thresholds") instanceof Map<?, ?> all)
                || !(all.get(metric) instanceof Map<?, ?> lines)) {
            return Map.of();
        }
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) lines).forEach((k, v) -> {
            if (v instanceof Number n) {
                out.put(k, n.doubleValue());
            } else if (Boolean.TRUE.equals(v)) {
                out.put(k, 1.0);
            }
        });
        return out;
    }
}
