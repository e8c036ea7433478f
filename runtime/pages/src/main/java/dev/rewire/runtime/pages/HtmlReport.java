package dev.rewire.runtime.pages;

import dev.rewire.runtime.io.DataFiles;
import dev.rewire.framework.spi.CheckStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Report} as one self-contained HTML page: inline SVG charts, inline CSS, no
 * script and nothing fetched from the network, so it opens anywhere, from a CI artifact too. The
 * report's JSON is embedded as well ({@code <script type="application/json" id="report-data">}).
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static void write(Report report, Path file) throws IOException {
        DataFiles.withParent(file);
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    static String render(Report r) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rewire check report</title>")
                .append("<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1240px}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse}")
                .append("td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}")
                .append(".PASS{color:#1a7f37}.WARN{color:#b76e00}.FAIL{color:#c62828}.SKIPPED{color:#777}")
                .append(".INSUFFICIENT{color:#6a51a3}.note{color:#555}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:16px}.flag{color:#c62828;font-weight:600}")
                .append("pre{font:12px/1.35 ui-monospace,monospace;background:#f6f6f6;padding:8px;margin:4px 0;")
                .append("white-space:pre-wrap}details summary{cursor:pointer;color:#2a5db0}")
                .append("svg text{font:11px system-ui,sans-serif}</style></head><body>");
        h.append("<h1>Rewire check report</h1>");
        summary(h, r);
        checksTable(h, r);
        if (r.baseline() != null) {
            baseline(h, r.baseline());
        }
        h.append("<h2 id=\"reliability\">Reliability and domains</h2><div class=\"grid\">");
        ReliabilityDiagram.render(h, r);
        h.append(DomainCharts.render(r));
        h.append("</div>");
        h.append("<h2 id=\"trends\">Trends</h2><p class=\"note\">").append(r.windows().size()).append(" windows of ")
                .append(r.windowWidth()).append(r.windowWidth() == 1 ? " batch" : " batches").append(": the line is the "
                + "window's mean over its graded batches, the light band its range (min to max), the darker band mean "
                + "&plusmn; one standard deviation; a point's colour is the worst status of the check in the window; "
                + "hover a point for the window's counts.</p><div class=\"grid\">");
        TrendCharts.render(h, r);
        h.append("</div>");
        flaggedBatches(h, r);
        WorstExamples.render(h, r.examples());
        h.append("<h2 id=\"histograms\">Reward terms</h2>");
        if (r.overallSamples() < r.records()) {
            h.append("<p class=\"note\">Over a uniform sample of ").append(r.overallSamples()).append(" of the ")
                    .append(r.records()).append(" samples.</p>");
        }
        h.append("<div class=\"grid\">");
        r.histograms().forEach((term, hist) -> h.append(histogram(term, hist)));
        h.append("</div><script type=\"application/json\" id=\"report-data\">")
                .append(ReportJson.toCompactJson(r).replace("</", "<\\/")).append("</script></body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, Report r) {
        double[] sizes = batchSizes(r);
        h.append("<p>").append(r.records()).append(" scored samples in ").append(r.batches()).append(" batches");
        if (r.batches() > 0) {
            h.append(String.format(Locale.ROOT, " (batch size %s to %s, mean %s)", Page.tick(sizes[0]),
                    Page.tick(sizes[1]), Page.number(sizes[2])));
        }
        h.append(". A check grades a batch (PASS, WARN, FAIL) only when at least ").append(r.minCheckSamples())
                .append(" samples stand behind its numbers (--min-check-samples); below, it is "
                + "<span class=\"INSUFFICIENT\">INSUFFICIENT</span> and no policy gate acts on it.</p>");
    }

    /** The smallest, largest and mean batch size over the run. */
    static double[] batchSizes(Report r) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (BatchWindows.Window w : r.windows()) {
            min = Math.min(min, w.batchSize().min());
            max = Math.max(max, w.batchSize().max());
        }
        return new double[] {min, max, r.batches() == 0 ? Double.NaN : (double) r.records() / r.batches()};
    }

    private static void checksTable(StringBuilder h, Report r) {
        h.append("<h2 id=\"checks\">Checks over the whole run</h2>");
        if (r.overallSamples() < r.records()) {
            h.append("<p class=\"note\">Measured on a uniform seeded sample of ").append(r.overallSamples())
                    .append(" of the ").append(r.records()).append(" samples (bounded memory).</p>");
        }
        h.append("<table><tr><th>check</th><th>status</th><th>finding</th></tr>");
        r.overall().forEach((id, c) -> h.append("<tr><td>").append(Page.esc(id)).append("</td><td class=\"")
                .append(c.status()).append("\">").append(c.status()).append("</td><td>").append(Page.esc(c.message()))
                .append("</td></tr>"));
        h.append("</table>");
        Map<CheckStatus, Long> batchesBy = new java.util.EnumMap<>(CheckStatus.class);
        for (BatchWindows.Window w : r.windows()) {
            w.checks().values().forEach(c -> c.statuses().forEach((status, n) -> batchesBy.merge(status, n, Long::sum)));
        }
        h.append("<p>Batch results over every check: ");
        batchesBy.forEach((status, n) -> h.append("<span class=\"").append(status).append("\">").append(n).append(' ')
                .append(status).append("</span> "));
        h.append("</p>");
    }

    private static void flaggedBatches(StringBuilder h, Report r) {
        h.append("<h2 id=\"flagged\">Batches a check did not pass</h2>");
        if (r.flaggedCount() == 0) {
            h.append("<p class=\"PASS\">Every check passed every batch.</p>");
            return;
        }
        h.append("<details><summary>").append(r.flaggedCount()).append(" batch results");
        if (r.flaggedCount() > r.flaggedBatches().size()) {
            h.append(", the first ").append(r.flaggedBatches().size()).append(" listed");
        }
        h.append("</summary><table><tr><th>batch</th><th>samples</th><th>check</th><th>status</th><th>finding</th></tr>");
        for (Report.FlaggedBatch f : r.flaggedBatches()) {
            h.append("<tr><td>").append(f.batch()).append("</td><td>").append(f.samples()).append("</td><td>")
                    .append(Page.esc(f.check())).append("</td><td class=\"").append(f.status()).append("\">")
                    .append(f.status()).append("</td><td>").append(Page.esc(f.message())).append("</td></tr>");
        }
        h.append("</table></details>");
    }

    private static void baseline(StringBuilder h, BaselineComparison b) {
        h.append("<h2>Against the baseline</h2><p>Baseline: ").append(Page.esc(b.source())).append("</p>");
        if (b.flags().isEmpty()) {
            h.append("<p class=\"PASS\">No regression against the baseline.</p>");
        }
        for (String f : b.flags()) {
            h.append("<p class=\"flag\">").append(Page.esc(f)).append("</p>");
        }
        h.append("<table><tr><th>metric</th><th>baseline</th><th>this run</th><th>change</th></tr>");
        b.metrics().forEach((k, v) -> h.append("<tr><td>").append(Page.esc(k)).append("</td><td>").append(Page.number(v[0]))
                .append("</td><td>").append(Page.number(v[1])).append("</td><td>").append(Page.number(v[1] - v[0])).append("</td></tr>"));
        h.append("</table>");
    }

    private static String histogram(String term, Report.Histogram hist) {
        int width = 270;
        int height = 150;
        int pad = 28;
        StringBuilder s = new StringBuilder(SvgParts.open(width, height, "histogram of " + term));
        long max = 1;
        for (long c : hist.counts()) {
            max = Math.max(max, c);
        }
        double pw = width - 2 * pad;
        double ph = height - 2 * pad;
        double bw = pw / hist.counts().length;
        for (int i = 0; i < hist.counts().length; i++) {
            double bh = (double) hist.counts()[i] / max * ph;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#6a9f58\">"
                    + "<title>%d</title></rect>", pad + i * bw + 0.5, height - pad - bh, bw - 1, bh, hist.counts()[i]));
        }
        SvgParts.axes(s, pad, height - pad, pw, ph, "", "");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-weight=\"600\">%s</text>", pad, Page.esc(term)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text><text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">"
                + "%s</text>", pad, height - pad + 14, Page.number(hist.min()), pad + pw, height - pad + 14, Page.number(hist.max())));
        if (hist.abstained() > 0) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"14\" text-anchor=\"end\" fill=\"#777\">%d abstained"
                    + "</text>", pad + pw, hist.abstained()));
        }
        return s.append("</svg>").toString();
    }

    /** A status's colour, as the page's legends show it. */
    static String color(CheckStatus status) {
        return switch (status) {
            case PASS -> "#1a7f37";
            case WARN -> "#b76e00";
            case FAIL -> "#c62828";
            case SKIPPED -> "#999";
            case INSUFFICIENT -> "#6a51a3";
        };
    }
}
