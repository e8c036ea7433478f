package dev.rewire.runtime.pages;

import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.engine.diff.DiffSummary;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.runtime.engine.diff.DiffSummary.Mover;
import dev.rewire.runtime.engine.diff.DiffSummary.RewardFigures;
import dev.rewire.runtime.engine.diff.DiffSummary.TermFigures;
import dev.rewire.runtime.pages.HtmlReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rewire diff}'s page: one self-contained HTML file with inline SVG (reward shift per domain,
 * weight shift per term, a histogram of reward deltas), the tables behind them, and the samples
 * that moved most with both traces side by side. The summary is embedded as JSON too.
 */
public final class DiffHtml {

    private static final int BAR_W = 560;
    private static final String UP = "#1a7f37";
    private static final String DOWN = "#c62828";

    private DiffHtml() {
    }

    public static void write(DiffSummary s, List<String> crossed, Path file) throws IOException {
        DataFiles.withParent(file);
        Files.writeString(file, render(s, crossed), StandardCharsets.UTF_8);
    }

    static String render(DiffSummary s, List<String> crossed) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rewire policy diff</title>")
                .append("<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1300px}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse}")
                .append("td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:" + UP + "}.down{color:"
                        + DOWN + "}.flag{color:" + DOWN + ";font-weight:600}.grid{display:flex;flex-wrap:wrap;gap:16px}")
                .append("code{font-size:12px}ul.trace{margin:0;padding-left:16px}")
                .append("svg text{font:11px system-ui,sans-serif}</style></head><body>");
        h.append("<h1>Rewire policy diff</h1><p>Base policy <code>").append(Page.esc(String.join(", ", s.basePolicies())))
                .append("</code>, candidate <code>").append(Page.esc(String.join(", ", s.candidatePolicies())))
                .append("</code>. ").append(s.samplesCompared()).append(" samples compared");
        if (s.onlyInBase() + s.onlyInCandidate() > 0) {
            h.append(" (").append(s.onlyInBase()).append(" only in the base, ").append(s.onlyInCandidate())
                    .append(" only in the candidate, left out)");
        }
        h.append(". Shifts are candidate minus base.</p>");
        if (!crossed.isEmpty()) {
            h.append("<p class=\"flag\">Thresholds crossed: ").append(Page.esc(String.join("; ", crossed))).append("</p>");
        }
        RewardFigures r = s.reward();
        h.append("<table><tr><th>mean reward (base)</th><th>mean reward (candidate)</th><th>shift</th>")
                .append("<th>mean |delta|</th><th>max |delta|</th><th>advantage sign flips</th><th>groups</th>")
                .append("<th>best sample changed</th><th>mean |rank shift|</th><th>mean Kendall tau</th></tr><tr>")
                .append(num(r.meanBase())).append(num(r.meanCandidate())).append(shift(r.meanShift()))
                .append(num(r.meanAbsDelta())).append(num(r.maxAbsDelta()))
                .append(cell(r.signFlips() + " (" + Page.percent(r.signFlipRate(), 2) + ")"))
                .append(cell(String.valueOf(s.ranks().groups())))
                .append(cell(s.ranks().argmaxChanged() + " (" + Page.percent(s.ranks().argmaxChangeRate(), 2) + ")"))
                .append(num(s.ranks().meanAbsRankShift())).append(num(s.ranks().meanKendallTau()))
                .append("</tr></table>");

        h.append("<h2>Where it moved</h2><div class=\"grid\">");
        Map<String, Double> byDomain = new LinkedHashMap<>();
        s.domains().forEach((d, f) -> byDomain.put(d, f.reward().meanShift()));
        h.append(bars("Mean reward shift by domain", byDomain));
        Map<String, Double> byTerm = new LinkedHashMap<>();
        s.terms().forEach((t, f) -> byTerm.put(t, f.meanWeightShift()));
        h.append(bars("Mean weight shift by term", byTerm));
        h.append(histogram(s.rewardDeltas()));
        h.append("</div>");

        h.append("<h2>By domain</h2><table><tr><th>domain</th><th>samples</th><th>mean reward (base)</th>")
                .append("<th>(candidate)</th><th>shift</th><th>sign flips</th><th>terms: weight shift</th></tr>");
        s.domains().forEach((d, f) -> {
            h.append("<tr><td>").append(Page.esc(d)).append("</td>").append(cell(String.valueOf(f.reward().samples())))
                    .append(num(f.reward().meanBase())).append(num(f.reward().meanCandidate()))
                    .append(shift(f.reward().meanShift()))
                    .append(cell(f.reward().signFlips() + " (" + Page.percent(f.reward().signFlipRate(), 2) + ")")).append("<td>");
            f.terms().forEach((t, tf) -> {
                if (tf.meanWeightShift() != 0) {
                    h.append(Page.esc(t)).append(' ').append(Page.signed(tf.meanWeightShift())).append("<br>");
                }
            });
            h.append("</td></tr>");
        });
        h.append("</table><h2>By term</h2><table><tr><th>term</th><th>routed (base)</th><th>(candidate)</th>")
                .append("<th>mean weight (base)</th><th>(candidate)</th><th>shift</th>")
                .append("<th>mean contribution (base)</th><th>(candidate)</th><th>shift</th></tr>");
        s.terms().forEach((t, f) -> termRow(h, t, f));
        h.append("</table>");

        h.append("<h2>Samples that moved most</h2>");
        if (s.movers().isEmpty()) {
            h.append("<p>No sample's reward changed.</p>");
        } else {
            h.append("<table><tr><th>sample</th><th>domain</th><th>reward delta</th><th>base</th><th>candidate</th></tr>");
            for (Mover m : s.movers()) {
                h.append("<tr><td><code>").append(Page.esc(m.id())).append("</code><br>prompt ").append(Page.esc(m.promptId()))
                        .append("</td><td>").append(Page.esc(m.domain())).append("</td>").append(shift(m.rewardDelta()))
                        .append("<td>").append(trace(m.base())).append("</td><td>").append(trace(m.candidate()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<script type=\"application/json\" id=\"diff-data\">")
                .append(DiffJson.toJson(s, crossed).replace("</", "<\\/")).append("</script></body></html>\n");
        return h.toString();
    }

    private static void termRow(StringBuilder h, String term, TermFigures f) {
        h.append("<tr><td>").append(Page.esc(term)).append("</td>").append(cell(String.valueOf(f.routedBase())))
                .append(cell(String.valueOf(f.routedCandidate()))).append(num(f.meanWeightBase()))
                .append(num(f.meanWeightCandidate())).append(shift(f.meanWeightShift()))
                .append(num(f.meanContributionBase())).append(num(f.meanContributionCandidate()))
                .append(shift(f.meanContributionShift())).append("</tr>");
    }

    /** One side of a mover: reward, advantage, each term's value x weight, and the rules that decided it. */
    private static String trace(RewardRecord r) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "reward %s, advantage %s<ul class=\"trace\">", Page.number(r.reward()),
                Page.number(r.advantage())));
        if (r.terms() != null) {
            r.terms().forEach((id, o) -> t.append("<li>").append(Page.esc(id)).append(": ").append(outcome(o)).append("</li>"));
        }
        t.append("</ul>");
        if (r.rules() != null && !r.rules().isEmpty()) {
            t.append("rules: ").append(Page.esc(String.join("; ", r.rules())));
        }
        return t.toString();
    }

    private static String outcome(TermOutcome o) {
        return o.value() == null ? "abstained (" + Page.esc(o.abstentionReason()) + "), weight " + Page.number(o.weight())
                : Page.number(o.value()) + " &times; weight " + Page.number(o.weight());
    }

    /** Horizontal bars around a zero line: right and green for a rise, left and red for a fall. */
    private static String bars(String title, Map<String, Double> values) {
        int rowH = 20;
        int labelW = 150;
        int h = 40 + rowH * Math.max(1, values.size());
        double max = values.values().stream().filter(Double::isFinite).mapToDouble(Math::abs).max().orElse(0);
        double half = (BAR_W - labelW - 70) / 2.0;
        double zero = labelW + half;
        StringBuilder s = new StringBuilder(svgOpen(BAR_W, h, title));
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

    private static String histogram(DiffSummary.Histogram hist) {
        int w = BAR_W;
        int h = 240;
        double x0 = 50;
        double y0 = h - 40;
        double plotW = w - 70;
        double plotH = h - 80;
        long top = Math.max(1, hist.counts().stream().mapToLong(Long::longValue).max().orElse(0));
        StringBuilder s = new StringBuilder(svgOpen(w, h, "Histogram of reward deltas"));
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

    private static String svgOpen(int width, int height, String title) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, height, width, height, Page.esc(title));
    }

    private static String cell(String text) {
        return "<td class=\"n\">" + Page.esc(text) + "</td>";
    }

    private static String num(double v) {
        return cell(Page.number(v));
    }

    private static String shift(double v) {
        String cls = !Double.isFinite(v) || v == 0 ? "" : v > 0 ? " up" : " down";
        return "<td class=\"n" + cls + "\">" + Page.signed(v) + "</td>";
    }
}
