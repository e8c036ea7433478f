package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewire check} on plain evaluation output ({@code id}, {@code confidence}, {@code correct}),
 * as any evaluation harness writes it, and on input that is neither that nor score output.
 */
class CheckEvaluationIT {

    @TempDir
    static Path work;
    static JsonNode golden;

    @BeforeAll
    static void loadGolden() throws Exception {
        try (InputStream in = CheckEvaluationIT.class.getResourceAsStream("/golden/calibration-vectorA.json")) {
            golden = Rewire.JSON.readTree(in);
        }
    }

    /** The golden vector, repeated {@code copies} times (ECE and Brier are unchanged by repetition). */
    private static List<String> evaluationRecords(int copies) {
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < golden.get("conf").size(); i++) {
                lines.add(String.format(Locale.ROOT, "{\"id\":\"e%d-%d\",\"confidence\":%s,\"correct\":%s,"
                        + "\"domain\":\"%s\",\"length\":%d}", c, i, golden.get("conf").get(i).asText(),
                        golden.get("correct").get(i).asInt() == 1 ? "true" : "false", i % 2 == 0 ? "math" : "qa",
                        10 + i));
            }
        }
        return lines;
    }

    @Test
    void evaluationRecordsAreCheckedDirectlyWithTheGoldenCalibration() throws Exception {
        Path in = work.resolve("eval.jsonl");
        Files.write(in, evaluationRecords(5));
        Rewire.Result r = Rewire.run(work, "check", "--in", in.toString(), "--report-json", work.resolve("e.json").toString(),
                "--report", work.resolve("e.html").toString());
        assertEquals(0, r.status(), r.stderr());
        JsonNode report = Rewire.JSON.readTree(work.resolve("e.json").toFile());
        JsonNode calibration = report.at("/overall/calibration/metrics");
        assertEquals(100, calibration.get("n").asInt(), report.toString());
        assertEquals(golden.get("ece10").asDouble(), calibration.get("ece").asDouble(), 1e-6);
        assertEquals(golden.get("brier").asDouble(), calibration.get("brier").asDouble(), 1e-6);
        assertTrue(Files.readString(work.resolve("e.html")).contains("aria-label=\"Reliability diagram\""));
    }

    @Test
    void recordsWithoutABatchAreCheckedInBatchesOfTheGivenSize() throws Exception {
        Path in = work.resolve("eval-batches.jsonl");
        Files.write(in, evaluationRecords(5));
        Rewire.Result r = Rewire.run(work, "check", "--in", in.toString(), "--batch-size", "40",
                "--report-json", work.resolve("b.json").toString());
        assertEquals(0, r.status(), r.stderr());
        JsonNode report = Rewire.JSON.readTree(work.resolve("b.json").toFile());
        assertEquals(3, report.get("batches").asInt(), "100 records in batches of 40: 40, 40, 20");
    }

    @Test
    void aBadRecordIsNamedAndTheRestIsChecked() throws Exception {
        List<String> lines = evaluationRecords(5);
        lines.add(3, "{\"id\":\"bad-1\",\"confidence\":1.7,\"correct\":true}");
        lines.add(5, "{\"id\":\"bad-2\",\"confidence\":0.5}");
        Path in = work.resolve("eval-bad.jsonl");
        Files.write(in, lines);
        Rewire.Result r = Rewire.run(work, "check", "--in", in.toString(), "--report-json", work.resolve("bad.json").toString());
        assertEquals(3, r.status(), r.stderr());
        assertTrue(r.stderr().contains("line 4: id bad-1: 'confidence' must be a number in [0,1], not 1.7"), r.stderr());
        assertTrue(r.stderr().contains("line 6: evaluation record without 'correct'"), r.stderr());
        JsonNode report = Rewire.JSON.readTree(work.resolve("bad.json").toFile());
        assertEquals(100, report.at("/overall/calibration/metrics/n").asInt());
    }

    @Test
    void inputInNeitherFormatIsAnErrorNamingWhatIsMissing() throws Exception {
        Path in = work.resolve("neither.jsonl");
        Files.write(in, List.of("{\"id\":\"x\",\"score\":0.3}", "{\"id\":\"y\",\"score\":0.9}"));
        Rewire.Result r = Rewire.run(work, "check", "--in", in.toString());
        assertEquals(2, r.status(), r.stderr());
        assertTrue(r.stderr().contains("holds no record to check; line 1: neither rewire score output (missing "
                + "'prompt_id', 'reward', 'advantage', 'terms', 'observed') nor an evaluation record (missing "
                + "'confidence', 'correct')"), r.stderr());
    }
}
