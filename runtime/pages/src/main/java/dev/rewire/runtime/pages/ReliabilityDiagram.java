package dev.rewire.runtime.pages;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ReportPlan;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check report's reliability diagram: accuracy per stated-confidence bin against the diagonal
 * of perfect calibration, from the table a check declares ({@link ReportPlan#reliabilityDetails()}).
 * Stateless.
 */
final class ReliabilityDiagram {

    private ReliabilityDiagram() {
    }

    /**
     * The reliability table of the first check (by id) that declares one ({@link ReportPlan#reliabilityDetails()})
     * and measured it on the whole run; else why there is none: that check's own finding (e.g. no sample
     * carried a stated confidence), or that no deployed check declares one.
     */
    static void render(StringBuilder h, Report r) {
        String why = "No deployed check declares a reliability table.";
        for (Map.Entry<String, ReportPlan> e : r.plans().entrySet()) {
            String key = e.getValue().reliabilityDetails();
            if (key == null) {
                continue;
            }
            CheckResult result = r.overall().get(e.getKey());
            if (result != null && result.details().get(key) instanceof List<?> bins) {
                h.append(diagram(bins));
                return;
            }
            why = result == null ? "The " + e.getKey() + " check did not measure the whole run."
                    : e.getKey() + ": " + result.message();
        }
        h.append("<p>").append(Page.esc(why)).append("</p>");
    }

    /** Accuracy per confidence bin against the diagonal of perfect calibration, counts above the bars. */
    private static String diagram(List<?> bins) {
        int size = 380;
        int pad = 48;
        double plot = size - 2 * pad;
        StringBuilder s = new StringBuilder(SvgParts.open(size + 160, size + 30, "Reliability diagram"));
        SvgParts.axes(s, pad, size - pad, plot, plot, "stated confidence", "accuracy");
        for (double t : new double[] {0, 0.5, 1}) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", pad + t * plot, size - pad + 14, Page.tick(t),
                    pad - 4, size - pad - t * plot + 4, Page.tick(t)));
        }
        s.append(SvgChart.line(pad, size - pad, pad + plot, size - pad - plot, "#999", "4 3"));
        double width = plot / bins.size();
        for (Object o : bins) {
            bar(s, (Map<?, ?>) o, pad, size - pad, width, plot);
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">bars: accuracy per bin, count above; red: the bin's "
                + "mean confidence;</text><text x=\"%d\" y=\"%d\">a bar below its red dot is overconfidence. Dashed: "
                + "perfect calibration.</text>", pad, size + 2, pad, size + 16));
        return s.append("</svg>").toString();
    }

    /**
     * One bin on axes whose origin is ({@code pad}, {@code y0}): its accuracy as a bar {@code width} wide with its
     * count above, its mean confidence as a red dot; nothing when it is empty.
     */
    private static void bar(StringBuilder s, Map<?, ?> bin, int pad, double y0, double width, double plot) {
        int b = ((Number) bin.get("bin")).intValue();
        int count = ((Number) bin.get("count")).intValue();
        if (count <= 0) {
            return;
        }
        double x = pad + b * width;
        double acc = ((Number) bin.get("accuracy")).doubleValue();
        double conf = ((Number) bin.get("mean_confidence")).doubleValue();
        double barH = acc * plot;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                + "fill=\"#4a78c2\" fill-opacity=\"0.75\"><title>bin %d: %d samples, accuracy %.3f, mean "
                + "confidence %.3f</title></rect>", x + 1, y0 - barH, width - 2, barH, b, count, acc, conf));
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#c62828\"/>",
                pad + conf * plot, y0 - conf * plot));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
                x + width / 2, y0 - barH - 4, count));
    }
}
