package dev.rewire.runtime.pages;

import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.engine.pairs.AnnotatorRow;
import dev.rewire.runtime.engine.pairs.DesignReport;
import dev.rewire.runtime.engine.pairs.PairsResult;
import dev.rewire.runtime.engine.pairs.Recovery;

import dev.rewire.framework.model.Verdict;
import dev.rewire.runtime.pages.ReportJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code rewire pairs} report: one self-contained HTML page (a per-annotator table and a
 * stacked bar per annotator of how their signals were classified, inline SVG) and the same data
 * as JSON.
 */
public final class PairsReport {

    private static final Map<Verdict, String> COLORS = Map.of(Verdict.GENUINE, "#1a7f37", Verdict.CONSTRUCTED, "#4a78c2",
            Verdict.NON_ATTITUDE, "#b76e00", Verdict.ARTIFACT, "#c62828", Verdict.UNDETERMINED, "#9e9e9e");

    private PairsReport() {
    }

    /** The report's data: everything but the dataset itself. */
    public static Map<String, Object> data(PairsResult result, Recovery recovery) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pairs", result.pairs().size());
        data.put("design", result.design());
        data.put("verdicts", result.verdicts());
        data.put("agreement", result.agreement());
        data.put("longer_wins_rate", longerWins(result));
        data.put("annotators", result.annotators());
        if (recovery != null) {
            data.put("recovery", recovery);
        }
        return data;
    }

    /**
     * Share of pairs with a usable label whose chosen response is the longer (in words): detail
     * bias shows in this rate, not in any single judgment.
     */
    public static double longerWins(PairsResult result) {
        long decided = 0;
        long longer = 0;
        for (dev.rewire.framework.record.WeightedPair p : result.pairs()) {
            int chosen = p.chosen().trim().split("\\s+").length;
            int rejected = p.rejected().trim().split("\\s+").length;
            if (p.weight() > 0 && chosen != rejected) {
                decided++;
                longer += chosen > rejected ? 1 : 0;
            }
        }
        return decided == 0 ? Double.NaN : (double) longer / decided;
    }

    public static void writeJson(Map<String, Object> data, Path file) throws IOException {
        ReportJson.writeValue(data, file);
    }

    public static void writeHtml(PairsResult r, Recovery recovery, Path file) throws IOException {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Rewire preference report</title><style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;"
                + "color:#222}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;"
                + "text-align:right}td:first-child,th:first-child{text-align:left}h2{font-size:17px;margin-top:28px}"
                + "svg text{font:11px system-ui,sans-serif}</style></head><body><h1>Rewire preference report</h1>");
        h.append("<h2>What this design can identify</h2>").append(designTable(r.design()));
        h.append("<p>").append(r.pairs().size()).append(" pairs; signals by verdict: ");
        r.verdicts().forEach((v, n) -> h.append(v).append(' ').append(n).append("; "));
        h.append("</p><p>Krippendorff's alpha (nominal) over all signals ")
                .append(Page.decimals(r.agreement().get("krippendorff_alpha_all"), 3)).append(", over genuine signals ")
                .append(Page.decimals(r.agreement().get("krippendorff_alpha_genuine"), 3)).append(". The longer response won ")
                .append(Page.decimals(longerWins(r), 3)).append(" of the weighted pairs whose responses differ in length.</p>");
        if (recovery != null) {
            h.append("<h2>Recovery of planted types</h2>").append(recoveryTable(recovery.perType()));
            recovery.byDesign().forEach((design, t) -> h.append("<h3>design ").append(Page.esc(design)).append("</h3>")
                    .append(recoveryTable(t)));
        }
        h.append("<h2>Annotators</h2>").append(verdictBars(r)).append("<p>Type mix: the type model's fitted share of "
                + "each type among the annotator's signals (the prior of each of their signals). Retest: share of "
                + "repeated pairs whose first two choices agree, p against chance (one half). First shown: share of "
                + "choices for the response shown first, p against one half. Class: P(the annotator is purely of one "
                + "type, or mixed). Framing pushes: under each framing, the side the model found their picks pushed "
                + "to (none: their pick does not depend on the framing).</p>")
                .append("<table><tr><th>annotator</th><th>judgments</th><th>pairs</th><th>verdicts</th><th>type mix</th>"
                + "<th>slip rate</th><th>retest</th><th>retest p</th><th>first shown</th><th>position p</th>"
                + "<th>class</th><th>framing pushes</th><th>agreement with aggregate</th><th>kappa</th><th>median s</th></tr>");
        for (AnnotatorRow a : r.annotators()) {
            h.append("<tr><td>").append(Page.esc(a.annotator())).append("</td><td>").append(a.judgments()).append("</td><td>")
                    .append(a.signals()).append("</td><td>").append(DesignReport.counts(a.verdicts())).append("</td><td>")
                    .append(shares(a.typeMix())).append("</td><td>")
                    .append(Page.percent(a.slipRate(), 1)).append("</td><td>")
                    .append(Page.decimals(a.retestAgreement(), 3)).append("</td><td>").append(Page.pValue(a.retestP()))
                    .append("</td><td>").append(Page.decimals(a.firstShownShare(), 3)).append("</td><td>")
                    .append(Page.pValue(a.positionP())).append("</td><td>").append(shares(a.annotatorClass()))
                    .append("</td><td>").append(Page.esc(pushes(a.framingPushes()))).append("</td><td>").append(Page.decimals(a.consensus(), 3)).append("</td><td>")
                    .append(Page.decimals(a.kappa(), 3)).append("</td><td>").append(Page.decimals(a.medianTimeMs() / 1000, 1)).append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        DataFiles.withParent(file);
        Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
    }

    /** One horizontal bar per annotator, split by the verdicts of their signals. */
    private static String verdictBars(PairsResult r) {
        int rowH = 18;
        int labelW = 120;
        int barW = 420;
        int height = r.annotators().size() * rowH + 30;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Verdicts per annotator\">", labelW + barW + 20, height));
        int x = labelW;
        for (Verdict v : Verdict.values()) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"13\">%s</text>", x, COLORS.get(v), x + 14, v));
            x += 105;
        }
        int y = 24;
        for (AnnotatorRow a : r.annotators()) {
            int total = a.verdicts().values().stream().mapToInt(Integer::intValue).sum();
            s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 12, Page.esc(a.annotator())));
            double at = labelW;
            for (Verdict v : Verdict.values()) {
                int n = a.verdicts().getOrDefault(v.name(), 0);
                double w = total == 0 ? 0 : (double) n / total * barW;
                if (w > 0) {
                    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                            + "<title>%s: %d</title></rect>", at, y, w, rowH - 4, COLORS.get(v), v, n));
                }
                at += w;
            }
            y += rowH;
        }
        return s.append("</svg>").toString();
    }

    private static String designTable(DesignReport d) {
        StringBuilder h = new StringBuilder("<table><tr><th>type</th><th>identifiable</th><th>why</th></tr>");
        d.types().forEach((type, t) -> h.append("<tr><td>").append(type).append("</td><td>").append(t.get("identifiable"))
                .append("</td><td style=\"text-align:left\">").append(Page.esc(t.get("why"))).append("</td></tr>"));
        h.append("</table><p>");
        d.numbers().forEach((k, v) -> h.append(Page.esc(k.replace('_', ' '))).append(": ").append(Page.esc(String.valueOf(v)))
                .append("; "));
        h.append("</p>");
        d.pushes().forEach((framing, byPush) -> h.append("<p>Pushes found under ").append(Page.esc(framing)).append(": ")
                .append(Page.esc(DesignReport.counts(byPush))).append("</p>"));
        return h.toString();
    }

    private static String pushes(Map<String, String> byFraming) {
        StringBuilder s = new StringBuilder();
        byFraming.forEach((f, p) -> s.append(s.length() == 0 ? "" : "; ").append(f).append(": ").append(p));
        return s.toString();
    }

    private static String recoveryTable(Map<String, Map<String, Double>> perType) {
        StringBuilder h = new StringBuilder("<table><tr><th>type</th><th>precision</th><th>recall</th><th>planted</th>"
                + "<th>classified</th></tr>");
        perType.forEach((t, m) -> h.append("<tr><td>").append(t).append("</td><td>").append(Page.decimals(m.get("precision"), 3))
                .append("</td><td>").append(Page.decimals(m.get("recall"), 3)).append("</td><td>").append(m.get("planted").longValue())
                .append("</td><td>").append(m.get("classified").longValue()).append("</td></tr>"));
        return h.append("</table>").toString();
    }

    /** Shares of at least 0.005 as "GENUINE 0.93, NON_ATTITUDE 0.07". */
    static String shares(Map<String, Double> shares) {
        StringBuilder s = new StringBuilder();
        shares.forEach((k, v) -> {
            if (v >= 0.005) {
                s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.2f", v));
            }
        });
        return s.toString();
    }
}
