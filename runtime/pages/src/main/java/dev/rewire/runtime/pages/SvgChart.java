package dev.rewire.runtime.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One inline SVG chart: a plot area with axes, round-number ticks and grid lines, axis labels,
 * and the marks reports draw on it (lines, bands, points, bars, threshold lines) and a legend for
 * them. Data coordinates in, pixels out. Not thread safe; one chart per instance.
 */
final class SvgChart {

    private static final int LEFT = 62;
    private static final int RIGHT = 16;
    private static final int TOP = 26;
    private static final int BOTTOM = 60;
    private static final int LEGEND_ROW = 14;

    private final StringBuilder s = new StringBuilder();
    private final StringBuilder marks = new StringBuilder();
    private final List<String[]> legend = new ArrayList<>(); // color, label, shape
    private final String title;
    private final int width;
    private final int height;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;

    /** A chart of the given pixel size over [xMin, xMax] x [yMin, yMax] (equal ends are widened). */
    SvgChart(String title, int width, int height, double xMin, double xMax, double yMin, double yMax) {
        this.width = width;
        this.height = height;
        this.xMin = xMin;
        this.xMax = xMax > xMin ? xMax : xMin + 1;
        double lo = yMin;
        double hi = yMax > yMin ? yMax : yMin + (yMin == 0 ? 1 : Math.abs(yMin) * 0.1);
        double pad = (hi - lo) * 0.05;
        this.yMin = lo - pad;
        this.yMax = hi + pad;
        this.title = title;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-weight=\"600\">%s</text>", LEFT, esc(title)));
    }

    double x(double v) {
        return LEFT + (v - xMin) / (xMax - xMin) * plotWidth();
    }

    double y(double v) {
        return TOP + plotHeight() - (v - yMin) / (yMax - yMin) * plotHeight();
    }

    private double plotWidth() {
        return width - LEFT - RIGHT;
    }

    private double plotHeight() {
        return height - TOP - BOTTOM;
    }

    /** Axes with ticks at round numbers, grid lines, and the axes' labels. */
    SvgChart axes(String xLabel, String yLabel, boolean integerX) {
        return axes(xLabel, yLabel, integerX, true);
    }

    /** Axes, with x ticks only when {@code xTicks} (categories label their own positions, see {@link #xLabel}). */
    SvgChart axes(String xLabel, String yLabel, boolean integerX, boolean xTicks) {
        double bottom = TOP + plotHeight();
        for (double t : ticks(yMin, yMax)) {
            s.append(line(LEFT, y(t), LEFT + plotWidth(), y(t), "#e4e4e4", null));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 5,
                    y(t) + 4, tick(t)));
        }
        for (double t : xTicks ? ticks(xMin, xMax) : List.<Double>of()) {
            if (integerX && t != Math.rint(t)) {
                continue;
            }
            s.append(line(x(t), bottom, x(t), bottom + 4, "#333", null));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x(t),
                    bottom + 16, tick(t)));
        }
        s.append(line(LEFT, bottom, LEFT + plotWidth(), bottom, "#333", null));
        s.append(line(LEFT, TOP, LEFT, bottom, "#333", null));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                LEFT + plotWidth() / 2, bottom + 30, esc(xLabel)));
        if (!yLabel.isEmpty()) {
            s.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%.1f) rotate(-90)\" "
                    + "text-anchor=\"middle\">%s</text>", TOP + plotHeight() / 2, esc(yLabel)));
        }
        return this;
    }

    /** A shaded band between lo and hi over xs (NaN ends a segment). */
    SvgChart band(double[] xs, double[] lo, double[] hi, String color, double opacity, String label) {
        StringBuilder d = new StringBuilder();
        int i = 0;
        while (i < xs.length) {
            while (i < xs.length && !(Double.isFinite(lo[i]) && Double.isFinite(hi[i]))) {
                i++;
            }
            int start = i;
            while (i < xs.length && Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
                i++;
            }
            if (i - start >= 1) {
                for (int k = start; k < i; k++) {
                    d.append(k == start ? 'M' : 'L').append(pt(xs[k], hi[k]));
                }
                for (int k = i - 1; k >= start; k--) {
                    d.append('L').append(pt(xs[k], lo[k]));
                }
                d.append('Z');
            }
        }
        if (!d.isEmpty()) {
            marks.append("<path d=\"").append(d).append("\" fill=\"").append(color).append("\" fill-opacity=\"")
                    .append(opacity).append("\" stroke=\"none\"/>");
        }
        legend.add(new String[] {color, label, "band:" + opacity});
        return this;
    }

    /** A polyline through the finite points. */
    SvgChart line(double[] xs, double[] ys, String color, String dash, String label) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(ys[i])) {
                pen = false;
                continue;
            }
            d.append(pen ? 'L' : 'M').append(pt(xs[i], ys[i]));
            pen = true;
        }
        marks.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color)
                .append("\" stroke-width=\"1.6\"").append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
                .append("/>");
        legend.add(new String[] {color, label, dash == null ? "line" : "dash"});
        return this;
    }

    /** A point with a tooltip. */
    SvgChart point(double x, double y, String color, String tooltip) {
        marks.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s</title>"
                + "</circle>", x(x), y(y), color, esc(tooltip)));
        return this;
    }

    /** A vertical bar from 0 to y, centred on x, {@code widthData} wide in data units. */
    SvgChart bar(double x, double widthData, double y, String color, String tooltip) {
        double x0 = x(x - widthData / 2);
        double x1 = x(x + widthData / 2);
        double y0 = y(Math.max(0, Math.min(y, yMax)));
        double base = y(Math.max(yMin, Math.min(0, yMax)));
        marks.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s</title></rect>", x0, Math.min(y0, base), Math.max(0.5, x1 - x0), Math.abs(base - y0), color,
                esc(tooltip)));
        return this;
    }

    /** A text label under a bar or point on the x axis. */
    SvgChart xLabel(double x, String text) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x(x),
                TOP + plotHeight() + 16, esc(text)));
        return this;
    }

    /** A horizontal line at y across the plot, named at its right end, e.g. a threshold. */
    SvgChart hline(double y, String color, String dash, String label) {
        if (y < yMin || y > yMax) {
            return this;
        }
        marks.append(line(LEFT, y(y), LEFT + plotWidth(), y(y), color, dash));
        marks.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>",
                LEFT + plotWidth() - 2, y(y) - 3, color, esc(label)));
        return this;
    }

    /** A legend entry for marks drawn without one (points by status). */
    SvgChart key(String color, String label) {
        legend.add(new String[] {color, label, "point"});
        return this;
    }

    /** The chart's SVG, the legend in rows under the x axis label (the chart grows by a row for each row past the first). */
    String close() {
        s.append(marks);
        StringBuilder keys = new StringBuilder();
        double lx = LEFT;
        double ly = height - 10;
        for (String[] e : legend) {
            if (e[1] == null) {
                continue;
            }
            double entryWidth = 26 + e[1].length() * 6.2;
            if (lx > LEFT && lx + entryWidth > width) {
                lx = LEFT;
                ly += LEGEND_ROW;
            }
            String swatch = switch (e[2]) {
                case "point" -> String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", lx + 6,
                        ly - 4, e[0]);
                case "line", "dash" -> line(lx, ly - 4, lx + 14, ly - 4, e[0], e[2].equals("dash") ? "4 3" : null)
                        .replace("/>", " stroke-width=\"2\"/>");
                default -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"9\" fill=\"%s\" "
                        + "fill-opacity=\"%s\"/>", lx, ly - 9, e[0], e[2].substring(5));
            };
            keys.append(swatch).append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", lx + 18, ly,
                    esc(e[1])));
            lx += entryWidth;
        }
        int total = (int) Math.ceil(ly + 10);
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, total, width, total, esc(title))
                + s + keys + "</svg>";
    }

    private String pt(double x, double y) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x(x), y(y));
    }

    /** Round-number ticks in [lo, hi], about five. */
    static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3 ? 2 : raw / magnitude < 7 ? 5 : 10);
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    static String tick(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String line(double x1, double y1, double x2, double y2, String color, String dash) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
                x1, y1, x2, y2, color, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
