package dev.rewire.runtime.pages;

import java.util.Locale;

/**
 * The pieces the hand-drawn SVG figures of the check report and the diff page share (the opening
 * tag, a pair of axes), so that they open and label alike. Charts drawn on a scale use
 * {@link SvgChart}. Stateless.
 */
final class SvgParts {

    private SvgParts() {
    }

    /** The opening {@code <svg>} tag of a figure {@code width} x {@code height}, titled for screen readers. */
    static String open(int width, int height, String title) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, height, width, height, Page.esc(title));
    }

    /** An x axis from ({@code x0}, {@code y0}) {@code w} long and a y axis {@code h} high, each labelled unless empty. */
    static void axes(StringBuilder s, double x0, double y0, double w, double h, String xLabel, String yLabel) {
        s.append(SvgChart.line(x0, y0, x0 + w, y0, "#333", null)).append(SvgChart.line(x0, y0, x0, y0 - h, "#333", null));
        if (!xLabel.isEmpty()) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                    x0 + w / 2, y0 + 28, Page.esc(xLabel)));
        }
        if (!yLabel.isEmpty()) {
            s.append(String.format(Locale.ROOT, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" "
                    + "text-anchor=\"middle\">%s</text>", x0 - 34, y0 - h / 2, Page.esc(yLabel)));
        }
    }
}
