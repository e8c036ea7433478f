package dev.rewire.runtime.pages;

import dev.rewire.framework.spi.ReportPlan;
import java.util.List;
import java.util.function.Function;

/**
 * The report's trends over batch windows: the metrics each check declares trended
 * ({@link ReportPlan#metrics()}, with its grading lines and each window's worst status), batch sizes, rewards, advantages, and each term's mean value and
 * weight. Every chart draws per-window means with bands, so a run of thousands of batches reads as
 * well as one of ten.
 */
final class TrendCharts {

    static final int WIDTH = 600;
    private static final int HEIGHT = 250;
    private static final String BLUE = "#2a5db0";

    private TrendCharts() {
    }

    static void render(StringBuilder h, Report r) {
        if (r.windows().isEmpty()) {
            h.append("<p>No batch was scored.</p>");
            return;
        }
        r.plans().forEach((check, plan) -> plan.metrics().stream().filter(ReportPlan.Metric::trended)
                .forEach(m -> h.append(CheckTrend.render(r, check, m))));
        List<BatchWindows.Window> ws = r.windows();
        h.append(bandTrend(r, "Batch size (samples)", "samples", w -> w.batchSize(), false));
        h.append(bandTrend(r, "Reward", "reward", BatchWindows.Window::reward, true));
        h.append(bandTrend(r, "Advantage", "advantage", BatchWindows.Window::advantage, true));
        ws.get(ws.size() - 1).terms().keySet().stream().sorted().forEach(term -> h.append(termTrend(r, term)));
    }

    /** Each window's middle batch: where its point and mean sit on the x axis. */
    static double[] mids(List<BatchWindows.Window> ws) {
        double[] x = new double[ws.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (ws.get(i).firstBatch() + ws.get(i).lastBatch()) / 2.0;
        }
        return x;
    }

    /** A trend chart's frame: batches from the first window's first to the last window's last, {@code lo} to {@code hi}. */
    static SvgChart chart(Report r, String title, double lo, double hi) {
        List<BatchWindows.Window> ws = r.windows();
        return new SvgChart(title, WIDTH, HEIGHT, ws.get(0).firstBatch(), ws.get(ws.size() - 1).lastBatch(), lo, hi)
                .axes("batch", "", true);
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
    static void drawBands(SvgChart c, double[] x, BatchWindows.Band[] bands, String meanLabel) {
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
}
