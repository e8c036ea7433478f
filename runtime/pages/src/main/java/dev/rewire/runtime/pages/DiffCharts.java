package dev.rewire.runtime.pages;

import dev.rewire.runtime.engine.diff.DiffSummary;
import java.util.Locale;
import java.util.Map;

/**
 * The diff page's figures: shifts as bars around a zero line, and the histogram of reward deltas.
 * A rise is green, a fall red, on the figures as in the page's tables. Stateless.
 */
final class DiffCharts {

    /** The colour of a rise. */
    static final String UP = "#1a7f37";
    /** The colour of a fall. */
    static final String DOWN = "#c62828";
    private static final int BAR_W = 560;

    private DiffCharts() {
    }

    /** Horizontal bars around a zero line: right and green for a rise, left and red for a fall. */
    static String bars(String title, Map<String, Double> values) {
        int rowH = 20;
        int labelW = 150;
        int h = 40 + rowH * Math.max(1, values.size());
        double max = values.values().stream().filter(Double::isFinite).mapToDouble(Math::abs).max().orElse(0);
        double half = (BAR_W - labelW - 70) / 2.0;
        double zero = labelW + half;
        StringBuilder s = new StringBuilder(SvgParts.open(BAR_W, h, title));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-weight=\"600\">%s</text>", Page.esc(title)));
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"22\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>",
                zero, zero, h - 10));
        int i = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double y = 26 + i++ * rowH;
            double v = Double.isFinite(e.getValue()) ? e.getValue() : 0;
            double w = max == 0 ? 0 : Math.abs(v) / max * half;
            double x = v >= 0 ? zero : zero - w;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", labelW - 6,
                    y + 12, Page.esc(e.getKey())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                    + "<title>%s %s</title></rect>", x, y + 2, w, rowH - 6, v >= 0 ? UP : DOWN, Page.esc(e.getKey()), Page.signed(v)));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
                    v >= 0 ? zero + w + 4 : zero - w - 4, y + 12, v >= 0 ? "start" : "end", Page.signed(v)));
        }
        return s.append("</svg>").toString();
    }

    /** The reward deltas of the samples whose reward changed, binned around zero; how many did not change. */
    static String histogram(DiffSummary.Histogram hist) {
        int w = BAR_W;
        int h = 240;
        double x0 = 50;
        double y0 = h - 40;
        double plotW = w - 70;
        double plotH = h - 80;
        long top = Math.max(1, hist.counts().stream().mapToLong(Long::longValue).max().orElse(0));
        StringBuilder s = new StringBuilder(SvgParts.open(w, h, "Histogram of reward deltas"));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-weight=\"600\">Reward delta per sample "
                + "(%d unchanged, not drawn)</text>", hist.unchanged()));
        int bins = hist.counts().size();
        double bw = plotW / bins;
        for (int i = 0; i < bins; i++) {
            long c = hist.counts().get(i);
            double bh = c / (double) top * plotH;
            double lo = -hist.range() + i * 2 * hist.range() / bins;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>[%s, %s): %d</title></rect>", x0 + i * bw + 1, y0 - bh, bw - 2, bh,
                    lo + hist.range() / bins < 0 ? DOWN : UP, Page.number(lo), Page.number(lo + 2 * hist.range() / bins), c));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
                x0, y0, x0 + plotW, y0));
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
                x0, y0, x0, y0 - plotH));
        for (double t : new double[] {-hist.range(), 0, hist.range()}) {
            double x = x0 + (t + hist.range()) / (2 * hist.range()) * plotW;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                    Double.isFinite(x) ? x : x0 + plotW / 2, y0 + 14, Page.number(t)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d</text>", x0 - 4,
                y0 - plotH + 4, top));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">reward delta "
                + "(candidate - base)</text>", x0 + plotW / 2, y0 + 30));
        return s.append("</svg>").toString();
    }
}
