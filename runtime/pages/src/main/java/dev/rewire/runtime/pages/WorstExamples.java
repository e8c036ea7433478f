package dev.rewire.runtime.pages;

import java.util.List;

/** The report's worst-examples tables: one row per sample, its whole trace (as {@code rewire explain} prints it) under it. */
final class WorstExamples {

    private WorstExamples() {
    }

    static void render(StringBuilder h, Report.Examples e) {
        h.append("<h2 id=\"examples\">Worst examples</h2>");
        table(h, "largest-advantage", "Largest |advantage|: the samples that push the policy hardest",
                e.largestAdvantage());
        table(h, "confident-wrong", "Confident and wrong: stated confidence at least "
                + HtmlReport.fmt(ReportCollector.CONFIDENT) + ", answer wrong", e.confidentWrong());
        table(h, "abstentions", "Abstentions: a uniform sample of samples where a term abstained", e.abstentions());
    }

    private static void table(StringBuilder h, String id, String title, List<SampleTrace> traces) {
        h.append("<h3 id=\"").append(id).append("\">").append(HtmlReport.esc(title)).append("</h3>");
        if (traces.isEmpty()) {
            h.append("<p class=\"note\">None in this run.</p>");
            return;
        }
        h.append("<table class=\"examples\" data-kind=\"").append(id).append("\"><tr><th>sample</th><th>batch</th>"
                + "<th>reward</th><th>advantage</th><th>confidence</th><th>correct</th><th>abstained</th><th>trace</th></tr>");
        for (SampleTrace t : traces) {
            StringBuilder abstained = new StringBuilder();
            t.terms().stream().filter(x -> x.value() == null).forEach(x -> abstained.append(x.term()).append(": ")
                    .append(x.abstentionReason()).append("; "));
            h.append("<tr><td>").append(HtmlReport.esc(t.id())).append("</td><td>").append(t.batch()).append("</td><td>")
                    .append(HtmlReport.fmt(t.reward())).append("</td><td>").append(HtmlReport.fmt(t.advantage()))
                    .append("</td><td>").append(t.observed().confidence() == null ? "" : HtmlReport.fmt(t.observed().confidence()))
                    .append("</td><td>").append(t.observed().correct() == null ? "" : t.observed().correct())
                    .append("</td><td>").append(HtmlReport.esc(abstained.toString())).append("</td><td><details><summary>"
                    + "trace</summary><pre class=\"trace\">").append(HtmlReport.esc(TraceText.render(t)))
                    .append("</pre></details></td></tr>");
        }
        h.append("</table>");
    }
}
