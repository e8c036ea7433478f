package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks gate the stream: a batch that turns overconfident fails the calibration check, and the
 * default policy raises the Brier weight of the next batch; a collapsed calibration blocks the run.
 */
class GateIT {

    /**
     * RLCR-format qa samples, 8 per prompt (so each batch of 8 is one prompt). Until {@code turnAt},
     * stated confidence 0.7 with 7 in 10 answers right: any 8 in a row have 5 to 7 right, an ECE
     * of at most 0.175, never FAIL. From then on confidence {@code q} with {@code rightOf10} in 10 right.
     */
    private static java.util.function.IntFunction<String> qa(int[] turnAt, double q, int rightOf10) {
        return n -> {
            boolean turned = turnAt[0] >= 0 && n >= turnAt[0];
            double conf = turned ? q : 0.7;
            boolean right = n % 10 < (turned ? rightOf10 : 7);
            return "{\"id\":\"g-" + n + "\",\"prompt_id\":\"gp-" + (n / 8) + "\",\"domain\":\"qa\",\"source\":\"dataset\","
                    + "\"prompt\":\"Capital of France?\",\"completion\":\"<think>t</think><answer>" + (right ? "Paris" : "Lyon")
                    + "</answer><analysis>a</analysis><confidence>" + String.format(Locale.ROOT, "%.2f", conf)
                    + "</confidence>\",\"reference\":\"Paris\"}";
        };
    }

    private static String[] args() {
        // --flush-ms 0: batches of exactly 8 whatever the writer's pauses on a loaded machine (an idle flush
        // would score a part of a group on its own, and a part of a calibrated stream can look miscalibrated)
        // --min-check-samples 8: the checks grade these 8-sample batches (the default minimum, 30, would not)
        return new String[] {"--batch-size", "8", "--flush-ms", "0", "--min-check-samples", "8"};
    }

    @Test
    void anOverconfidentBatchFailsTheCheckAndTheNextBatchWeighsBrierMore(@TempDir Path work) throws Exception {
        int[] turnAt = {-1};
        try (Rewire.Stream run = new Rewire.Stream(work, qa(turnAt, 0.9, 6), args())) {
            run.await("calibrated records", () -> run.records().size() >= 64);
            turnAt[0] = (run.written() / 8 + 2) * 8; // a prompt boundary: no batch mixes the two regimes
            run.await("a record scored after a failed check", () -> run.records().stream()
                    .anyMatch(r -> r.at("/terms/rlcr_brier/weight").asDouble() == 1.5));
            int seen = run.records().size();
            run.await("more records", () -> run.records().size() >= seen + 32);
            assertEquals(0, run.finish(), run.stderr());
            List<JsonNode> records = run.records();
            assertEquals(run.written(), records.size());
            boolean raised = false;
            for (JsonNode r : records) {
                double w = r.at("/terms/rlcr_brier/weight").asDouble();
                if (w == 1.5) {
                    raised = true;
                    assertTrue(r.get("rules").toString().contains("calibration failed last batch: raise the Brier weight"));
                    assertTrue(r.get("observed").get("confidence").asDouble() == 0.9, "raised only once overconfident: " + r);
                } else {
                    assertEquals(1.0, w, r.toString());
                }
            }
            assertTrue(raised);
        }
    }

    @Test
    void aCollapsedCalibrationBlocksTheRunWithStatusFour(@TempDir Path work) throws Exception {
        int[] turnAt = {-1};
        try (Rewire.Stream run = new Rewire.Stream(work, qa(turnAt, 0.95, 1), args())) {
            run.await("calibrated records", () -> run.records().size() >= 64);
            turnAt[0] = (run.written() / 8 + 2) * 8; // a prompt boundary: no batch mixes the two regimes
            int status = run.awaitExit();
            assertEquals(4, status, run.stderr());
            assertTrue(run.stderr().contains("stopped: batch "), run.stderr());
            assertTrue(run.stderr().contains("blocked by rule \"block: calibration collapsed\": check calibration on batch "),
                    run.stderr());
            assertTrue(run.stderr().matches("(?s).*ECE 0\\.\\d+ > 0\\.5 \\(Brier 0\\.\\d+, n 8\\).*"), run.stderr());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("stopped: batch (\\d+) blocked").matcher(run.stderr());
            assertTrue(m.find());
            long blocked = Long.parseLong(m.group(1));
            assertTrue(run.records().stream().allMatch(r -> r.get("batch").asLong() < blocked),
                    "nothing of the blocked batch is written");
            assertEquals(blocked * 8, run.records().size(), "every batch before it is");
        }
    }
}
