package dev.rewire.runtime.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ReportPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The report pages draw what checks declare: a check the host has never heard of ({@code toxicity})
 * gets its trend, its grading lines, its domain bars and its baseline regression from its plan alone.
 */
class ReportPlansInPagesTest {

    private static final ReportPlan TOXICITY = ReportPlan.builder()
            .trend("toxic_share", "Toxic share", ReportPlan.Direction.LOWER_IS_BETTER, 0.05, 0.1)
            .compare("n", "samples", ReportPlan.Direction.HIGHER_IS_BETTER)
            .regression("toxicity", "toxic_share", 0.02, "n", 3)
            .breakdown("per_domain", "domain", "toxic_share", "Toxic share")
            .build();

    private static CheckResult toxicity(double share) {
        return new CheckResult("toxicity", CheckStatus.PASS, Map.of("toxic_share", share, "n", 10.0), "share " + share,
                Map.of("per_domain", Map.of("chat", Map.of("toxic_share", 0.08), "qa", Map.of("toxic_share", 0.01))));
    }

    private static Report report(Map<String, CheckResult> overall, Map<String, ReportPlan> plans, BaselineComparison baseline) {
        BatchWindows w = new BatchWindows();
        for (int b = 0; b < 3; b++) {
            RewardRecord r = new RewardRecord("s" + b, "p", b, 1.0, 0.0, Map.of("t", new TermOutcome(1.0, 1.0, null)),
                    List.of(), null, new Observation("chat", "dataset", 1, null, null, null), null);
            w.add(b, List.of(r), List.of(toxicity(b / 100.0)));
        }
        Map<String, Report.DomainSummary> domains = new TreeMap<>(Map.of("chat", new Report.DomainSummary(2, 1, 0, Double.NaN),
                "qa", new Report.DomainSummary(1, 1, 0, Double.NaN)));
        return new Report(3, 3, 1, overall, plans, 3, w.width(), w.windows(), List.of(), 0, domains, Map.of(),
                new Report.Examples(List.of(), List.of(), List.of()), baseline);
    }

    private static String chart(String html, String label) {
        int at = html.indexOf("aria-label=\"" + label + "\"");
        assertTrue(at >= 0, "chart " + label);
        return html.substring(at, html.indexOf("</svg>", at));
    }

    @Test
    void anUnknownChecksDeclaredTrendAndDomainBarsAreDrawnWithItsLines() throws Exception {
        String html = HtmlReport.render(report(Map.of("toxicity", toxicity(0.02)), Map.of("toxicity", TOXICITY), null));
        String trend = chart(html, "Toxic share by batch");
        assertTrue(trend.contains(">warn 0.05</text>") && trend.contains(">fail 0.1</text>"), trend);
        String bars = chart(html, "Toxic share by domain");
        assertTrue(bars.contains("chat: Toxic share 0.08000 (2 samples, 0 with a reference)"), bars);
        assertTrue(bars.contains(">fail</text>"), bars);
        assertTrue(!html.contains("aria-label=\"n by batch\""), "a compared-only metric has no trend");
    }

    @Test
    void aCheckWithoutAPlanIsListedButNotCharted() throws Exception {
        String html = HtmlReport.render(report(Map.of("toxicity", toxicity(0.02)), Map.of("toxicity", ReportPlan.NONE), null));
        assertTrue(html.contains("<tr><td>toxicity</td><td class=\"PASS\">PASS</td><td>share 0.02</td></tr>"));
        assertTrue(!html.contains("Toxic share by batch"));
        assertTrue(html.contains("<p>No deployed check declares a reliability table.</p>"), "no check named in its place");
    }

    @Test
    void theDeclaredRegressionIsFlaggedAgainstABaseline() throws Exception {
        JsonNode base = new ObjectMapper().readTree("{\"overall\":{\"toxicity\":{\"metrics\":{\"toxic_share\":0.01,\"n\":10}}}}");
        BaselineComparison worse = BaselineComparison.of("base.json", base, Map.of("toxicity", toxicity(0.04)),
                Map.of("toxicity", TOXICITY));
        assertEquals(List.of("toxicity: Toxic share rose from 0.010 to 0.040 while samples went from 10.000 to 10.000"),
                worse.flags());
        assertEquals(List.of("toxicity.toxic_share", "toxicity.n"), List.copyOf(worse.metrics().keySet()));
        BaselineComparison excused = BaselineComparison.of("base.json", base, Map.of("toxicity", new CheckResult(
                "toxicity", CheckStatus.PASS, Map.of("toxic_share", 0.04, "n", 11.0), "")), Map.of("toxicity", TOXICITY));
        assertEquals(List.of(), excused.flags(), "the excusing metric improved");
        BaselineComparison within = BaselineComparison.of("base.json", base, Map.of("toxicity", toxicity(0.03)),
                Map.of("toxicity", TOXICITY));
        assertEquals(List.of(), within.flags(), "a rise of 0.02 is within the allowance");
        String html = HtmlReport.render(report(Map.of("toxicity", toxicity(0.04)), Map.of("toxicity", TOXICITY), worse));
        assertTrue(html.contains("<p class=\"flag\">toxicity: Toxic share rose from 0.010 to 0.040 while samples went "
                + "from 10.000 to 10.000</p>"));
        assertTrue(chart(html, "Toxic share by batch").contains(">baseline 0.01000</text>"), "the baseline's line");
    }

    @Test
    void directionsWorsenTheirOwnWay() {
        assertEquals(0.1, BaselineComparison.worsening(ReportPlan.Direction.LOWER_IS_BETTER, new double[] {0.2, 0.3}), 1e-12);
        assertEquals(0.1, BaselineComparison.worsening(ReportPlan.Direction.HIGHER_IS_BETTER, new double[] {0.3, 0.2}), 1e-12);
        assertEquals(0.2, BaselineComparison.worsening(ReportPlan.Direction.NEAR_ZERO_IS_BETTER, new double[] {0.1, -0.3}),
                1e-12);
    }
}
