package dev.rewire.runtime.pages;

import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.engine.diff.DiffSummary;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.runtime.engine.diff.DiffSummary.Mover;
import dev.rewire.runtime.engine.diff.DiffSummary.RewardFigures;
import dev.rewire.runtime.engine.diff.DiffSummary.TermFigures;
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

    private static final String UP = DiffCharts.UP;
    private static final String DOWN = DiffCharts.DOWN;

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
        summary(h, s, crossed);
        charts(h, s);
        domainTable(h, s);
        termTable(h, s);
        movers(h, s);
        h.append("<script type=\"application/json\" id=\"diff-data\">")
                .append(DiffJson.toJson(s, crossed).replace("</", "<\\/")).append("</script></body></html>\n");
        return h.toString();
    }

    /** The policies compared, how many samples, the thresholds crossed, and the headline figures. */
    private static void summary(StringBuilder h, DiffSummary s, List<String> crossed) {
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
    }

    /** Reward shift per domain, weight shift per term, the histogram of reward deltas. */
    private static void charts(StringBuilder h, DiffSummary s) {
        h.append("<h2>Where it moved</h2><div class=\"grid\">");
        Map<String, Double> byDomain = new LinkedHashMap<>();
        s.domains().forEach((d, f) -> byDomain.put(d, f.reward().meanShift()));
        h.append(DiffCharts.bars("Mean reward shift by domain", byDomain));
        Map<String, Double> byTerm = new LinkedHashMap<>();
        s.terms().forEach((t, f) -> byTerm.put(t, f.meanWeightShift()));
        h.append(DiffCharts.bars("Mean weight shift by term", byTerm));
        h.append(DiffCharts.histogram(s.rewardDeltas()));
        h.append("</div>");
    }

    private static void domainTable(StringBuilder h, DiffSummary s) {
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
        h.append("</table>");
    }

    private static void termTable(StringBuilder h, DiffSummary s) {
        h.append("<h2>By term</h2><table><tr><th>term</th><th>routed (base)</th><th>(candidate)</th>")
                .append("<th>mean weight (base)</th><th>(candidate)</th><th>shift</th>")
                .append("<th>mean contribution (base)</th><th>(candidate)</th><th>shift</th></tr>");
        s.terms().forEach((t, f) -> termRow(h, t, f));
        h.append("</table>");
    }

    /** The samples whose reward moved most, each with its base and candidate traces side by side. */
    private static void movers(StringBuilder h, DiffSummary s) {
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
