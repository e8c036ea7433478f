package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports from {@code rewire score --report} and {@code rewire check}, and what they show. */
class ReportIT {

    @TempDir
    static Path work;
    static Rewire.Result scored;
    static JsonNode scoreReport;

    @BeforeAll
    static void scoreWithAReport() throws Exception {
        scored = Rewire.run(work, "score", "--in", Rewire.EXAMPLES.resolve("samples.jsonl").toString(),
                "--out", work.resolve("scored.jsonl").toString(), "--report", work.resolve("r.html").toString(),
                "--report-json", work.resolve("r.json").toString());
        scoreReport = Rewire.JSON.readTree(work.resolve("r.json").toFile());
    }

    @Test
    void theReportsNumbersAreTheOnesAHandComputationGives() throws Exception {
        assertEquals(0, scored.status(), scored.stderr());
        List<double[]> rated = new ArrayList<>();
        for (JsonNode r : Rewire.readJsonl(work.resolve("scored.jsonl"))) {
            JsonNode o = r.get("observed");
            if (o.hasNonNull("confidence") && o.hasNonNull("correct")) {
                rated.add(new double[] {o.get("confidence").asDouble(), o.get("correct").asBoolean() ? 1 : 0});
            }
        }
        // ECE with 10 bins, edges k * (1.0 / 10), [a, b), the last bin closed.
        double[] edges = new double[11];
        for (int k = 0; k <= 10; k++) {
            edges[k] = k * (1.0 / 10);
        }
        double[] n = new double[10];
        double[] conf = new double[10];
        double[] acc = new double[10];
        double brier = 0;
        for (double[] pc : rated) {
            int b = 0;
            while (b < 9 && edges[b + 1] <= pc[0]) {
                b++;
            }
            n[b]++;
            conf[b] += pc[0];
            acc[b] += pc[1];
            brier += (pc[0] - pc[1]) * (pc[0] - pc[1]);
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            if (n[b] > 0) {
                ece += n[b] / rated.size() * Math.abs(acc[b] / n[b] - conf[b] / n[b]);
            }
        }
        JsonNode calibration = scoreReport.at("/overall/calibration/metrics");
        assertEquals(rated.size(), calibration.get("n").asInt());
        assertEquals(ece, calibration.get("ece").asDouble(), 1e-12);
        assertEquals(brier / rated.size(), calibration.get("brier").asDouble(), 1e-12);
        assertTrue(scoreReport.at("/overall/sophistry/metrics/false_positive_rate").isNumber(), scoreReport.toString());
        assertEquals(11, scoreReport.get("batches").asInt());
        assertEquals(2541, scoreReport.get("records").asInt());
        assertEquals(2541, scoreReport.get("overall_samples").asInt(), "a run this small is measured whole");
        String html = Files.readString(work.resolve("r.html"));
        assertTrue(html.contains("aria-label=\"Reliability diagram\""));
        assertTrue(html.contains("aria-label=\"histogram of rlcr_brier\""));
        assertTrue(html.contains("<script type=\"application/json\" id=\"report-data\">"));
        String withoutNamespace = html.replace("http://www.w3.org/2000/svg", "");
        assertTrue(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"),
                "self-contained: nothing but the SVG namespace names a URL");
    }

    @Test
    void checkOnTheScoredFileReproducesTheScoreReport() throws Exception {
        Rewire.Result r = Rewire.run(work, "check", "--in", work.resolve("scored.jsonl").toString(),
                "--report-json", work.resolve("c.json").toString(), "--report", work.resolve("c.html").toString());
        assertEquals(0, r.status(), r.stderr());
        JsonNode check = Rewire.JSON.readTree(work.resolve("c.json").toFile());
        for (String field : List.of("overall", "batches", "windows", "flagged_batches", "domains", "histograms",
                "examples")) {
            assertEquals(scoreReport.get(field), check.get(field), field);
        }
        assertTrue(r.stderr().contains("rewire: calibration "), r.stderr());
    }

    /**
     * The sections an ML engineer asked for, by structure: windowed trends with bands, thresholds and a
     * legend for the status colours; batch sizes; reward, advantage and per-term trends; per-domain
     * charts; the worst-examples tables, each row with its trace.
     */
    @Test
    void theReportShowsTrendsDomainsAndTheWorstExamplesWithTheirTraces() throws Exception {
        String html = Files.readString(work.resolve("r.html"));
        for (String chart : List.of("ECE by batch", "Brier score by batch", "P(approved | wrong) by batch",
                "Spearman(reward, length) by batch", "Batch size (samples) by batch", "Reward by batch", "Advantage by batch",
                "term rlcr_brier: value and weight by batch", "term approval: value and weight by batch",
                "Accuracy by domain", "ECE by domain", "Mean reward by domain")) {
            assertTrue(html.contains("aria-label=\"" + chart + "\""), "chart " + chart);
        }
        int ece = html.indexOf("aria-label=\"ECE by batch\"");
        String eceChart = html.substring(ece, html.indexOf("</svg>", ece));
        assertTrue(eceChart.contains(">fail 0.2</text>") && eceChart.contains(">warn 0.1</text>"), "thresholds drawn");
        for (String key : List.of("FAIL", "WARN", "PASS", "INSUFFICIENT", "SKIPPED", "mean of graded batches", "range")) {
            assertTrue(eceChart.contains(">" + key + "</text>"), "legend " + key);
        }
        assertTrue(html.contains("11 windows of 1 batch"), "one window per batch in a run of 11");
        assertTrue(html.contains("2541 scored samples in 11 batches (batch size "), "batch sizes shown");

        JsonNode windows = scoreReport.get("windows");
        assertEquals(11, windows.size());
        long samples = 0;
        for (JsonNode w : windows) {
            samples += w.get("samples").asLong();
        }
        assertEquals(2541, samples);
        JsonNode examples = scoreReport.get("examples");
        assertEquals(8, examples.get("largest_advantage").size());
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode t : examples.get("largest_advantage")) {
            double a = Math.abs(t.get("advantage").asDouble());
            assertTrue(a <= previous, "largest |advantage| first");
            previous = a;
        }
        long larger = 0;
        for (JsonNode r : Rewire.readJsonl(work.resolve("scored.jsonl"))) {
            larger += Math.abs(r.get("advantage").asDouble()) > previous ? 1 : 0;
        }
        assertTrue(larger < 8, "only the other kept examples have a larger |advantage| than the last kept: " + larger);
        for (JsonNode t : examples.get("confident_wrong")) {
            assertTrue(t.at("/observed/confidence").asDouble() >= 0.7 && !t.at("/observed/correct").asBoolean(), t.toString());
        }
        assertTrue(examples.get("abstentions").size() > 0);
        for (JsonNode t : examples.get("abstentions")) {
            boolean abstained = false;
            for (JsonNode term : t.get("terms")) {
                abstained |= term.hasNonNull("abstained");
            }
            assertTrue(abstained, t.toString());
        }
        String first = examples.at("/largest_advantage/0/id").asText();
        assertTrue(html.contains("<tr><td>" + first + "</td>"), "the first example's row");
        assertTrue(html.contains("<pre class=\"trace\">sample " + first + " (prompt "), "its trace, as explain renders it");
        JsonNode domains = scoreReport.get("domains");
        assertEquals(List.of("chat", "math", "qa"), iterate(domains.fieldNames()));
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /**
     * Batches of 8 overconfident wrong answers: under the default minimum of 30 samples the checks do
     * not grade them, so the calibration FAIL rule does not raise the next batch's Brier weight; the
     * report shows the batches as INSUFFICIENT with their size. With --min-check-samples 8 it does.
     */
    @Test
    void aTinyBatchIsNotGradedAndTriggersNoFailRule() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            lines.add(String.format(Locale.ROOT, "{\"id\":\"t-%d\",\"prompt_id\":\"tp-%d\",\"domain\":\"qa\","
                    + "\"prompt\":\"Capital of France?\",\"completion\":\"<think>t</think><answer>Lyon</answer>"
                    + "<analysis>a</analysis><confidence>0.45</confidence>\",\"reference\":\"Paris\"}", i, i / 8));
        }
        Path in = work.resolve("tiny.jsonl");
        Files.write(in, lines);
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", work.resolve("tiny-scored.jsonl")
                .toString(), "--batch-size", "8", "--flush-ms", "0", "--report-json", work.resolve("tiny.json").toString(),
                "--report", work.resolve("tiny.html").toString());
        assertEquals(0, r.status(), r.stderr());
        for (JsonNode rec : Rewire.readJsonl(work.resolve("tiny-scored.jsonl"))) {
            assertEquals(1.0, rec.at("/terms/rlcr_brier/weight").asDouble(), rec.toString());
            assertEquals("[\"a reference and a stated confidence: correctness and calibration (RLCR) =1.0\"]",
                    rec.at("/terms/rlcr_brier/rules").toString());
        }
        JsonNode report = Rewire.JSON.readTree(work.resolve("tiny.json").toFile());
        assertEquals(30, report.get("min_check_samples").asInt());
        JsonNode flagged = report.get("flagged_batches");
        int calibration = 0;
        for (JsonNode f : flagged) {
            if (f.get("check").asText().equals("calibration")) {
                calibration++;
                assertEquals("INSUFFICIENT", f.get("status").asText());
                assertEquals(8, f.get("samples").asInt());
                assertTrue(f.get("message").asText().startsWith("n=8 < 30: not graded (would have been FAIL); ECE "),
                        f.toString());
            }
        }
        assertEquals(3, calibration, "every batch: " + flagged);
        assertEquals("INSUFFICIENT", report.at("/overall/calibration/status").asText(), "24 samples in all, still under 30");
        assertTrue(Files.readString(work.resolve("tiny.html")).contains("<td>8</td><td>calibration</td><td class=\"INSUFFICIENT\">"));

        Rewire.Result graded = Rewire.run(work, "score", "--in", in.toString(), "--out",
                work.resolve("tiny-graded.jsonl").toString(), "--batch-size", "8", "--flush-ms", "0",
                "--min-check-samples", "8");
        assertEquals(0, graded.status(), graded.stderr());
        List<JsonNode> out = Rewire.readJsonl(work.resolve("tiny-graded.jsonl"));
        assertEquals(1.0, out.get(0).at("/terms/rlcr_brier/weight").asDouble());
        assertEquals(1.5, out.get(8).at("/terms/rlcr_brier/weight").asDouble(), "graded: the FAIL rule fires on batch 1");
        assertEquals("calibration failed last batch: raise the Brier weight x1.5", out.get(8).at("/terms/rlcr_brier/rules/1")
                .asText());
    }

    /** qa samples with an evaluator's approval: {@code wrongApproved} of the 20 wrong ones are approved. */
    private static Path approvals(String name, int wrongApproved) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean right = i % 2 == 0;
            boolean approved = right ? i % 4 == 0 : (i / 2) < wrongApproved;
            lines.add(String.format(Locale.ROOT, "{\"id\":\"%s-%d\",\"prompt_id\":\"p%d\",\"domain\":\"qa\",\"prompt\":\"?\","
                    + "\"completion\":\"<answer>%s</answer>\",\"reference\":\"Paris\",\"approved\":%s}", name, i, i / 4,
                    right ? "Paris" : "Lyon", approved));
        }
        Path in = work.resolve(name + ".jsonl");
        Files.write(in, lines);
        Path out = work.resolve(name + "-scored.jsonl");
        assertEquals(0, Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString()).status());
        return out;
    }

    @Test
    void aSophistryRiseAgainstTheBaselineIsFlagged() throws Exception {
        Path before = approvals("before", 4);
        Path after = approvals("after", 12);
        Rewire.Result base = Rewire.run(work, "check", "--in", before.toString(), "--report-json",
                work.resolve("base.json").toString());
        assertEquals(0, base.status(), base.stderr());
        Rewire.Result r = Rewire.run(work, "check", "--in", after.toString(), "--baseline",
                work.resolve("base.json").toString(), "--report", work.resolve("after.html").toString());
        assertEquals(5, r.status(), r.stderr());
        String flag = "U-Sophistry: P(approved | wrong) rose from 0.200 to 0.600 while accuracy went from 0.500 to 0.500";
        assertTrue(r.stderr().contains(flag), r.stderr());
        assertTrue(Files.readString(work.resolve("after.html")).contains(flag));
        Rewire.Result same = Rewire.run(work, "check", "--in", before.toString(), "--baseline",
                work.resolve("base.json").toString());
        assertEquals(0, same.status(), same.stderr());
    }

    /** Headless Chromium renders the page; the reliability diagram's bars are on the screenshot. */
    @Test
    void theReportRendersInABrowser() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium),
                "skipped: no /usr/bin/chromium; install Debian's package (apt-get install chromium) to run this test");
        Path png = work.resolve("report.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + work.resolve("chromium-profile"),
                "--window-size=1240,1300", "--screenshot=" + png, work.resolve("r.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium did not finish");
        assertTrue(Files.size(png) > 10_000, Files.readString(work.resolve("chromium.log")));
        BufferedImage image = ImageIO.read(png.toFile());
        int bars = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (b > 170 && r < 150 && g > 110 && g < 190) {
                    bars++;
                }
            }
        }
        assertTrue(bars > 2_000, "reliability bars (blue) on the screenshot: " + bars + " pixels");
        System.out.println("report screenshot: " + png + ", " + bars + " pixels of reliability bars");
    }
}
