package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer piping one group into {@code rewire score --in - --out -} and waiting for its answer
 * gets it once the input has been idle for --flush-ms, with stdin still open.
 */
class StdinFlushIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aGroupPipedInIsAnsweredWhileStdinStaysOpen(@TempDir Path work) throws Exception {
        Process p = Rewire.command(work, "score", "--in", "-", "--out", "-", "--flush-ms", "200")
                .redirectError(work.resolve("stderr.txt").toFile()).start();
        try {
            Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            for (int i = 0; i < 64; i++) {
                in.write("{\"id\":\"g-" + i + "\",\"prompt_id\":\"one\",\"domain\":\"math\",\"prompt\":\"2+2?\","
                        + "\"completion\":\"\\\\boxed{" + (i % 4 == 0 ? 5 : 4) + "}\",\"reference\":\"4\"}\n");
            }
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> records = new ArrayList<>();
            for (String line; records.size() < 64 && (line = out.readLine()) != null; ) {
                records.add(line);
            }
            assertEquals(64, records.size(), "every record of the group came back before stdin closed");
            assertTrue(p.isAlive(), "rewire is still reading stdin");
            assertTrue(Rewire.JSON.readTree(records.get(1)).get("advantage").asDouble() > 0, "one group, normalized together");
            in.close();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Issue 19, the same group semantics as serve: with --group-size an idle flush holds a group short
     * of its size, so a trainer piping samples as they finish gets them voted as one group.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aGroupShortOfItsSizeIsHeldUntilItIsWhole(@TempDir Path work) throws Exception {
        Process p = Rewire.command(work, "score", "--in", "-", "--out", "-", "--flush-ms", "100",
                        "--group-size", "4", "--group-wait-ms", "120000")
                .redirectError(work.resolve("stderr.txt").toFile()).start();
        try {
            Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            String[] answers = {"4", "4", "5", "4"};
            for (int i = 0; i < 3; i++) {
                in.write(labelFree(i, answers[i]));
            }
            in.flush();
            Thread.sleep(1000); // ten idle flushes: without the hold the three would be scored as a group of 3
            in.write(labelFree(3, answers[3]));
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<JsonNode> records = new ArrayList<>();
            for (String line; records.size() < 4 && (line = out.readLine()) != null; ) {
                records.add(Rewire.JSON.readTree(line));
            }
            assertEquals(4, records.size());
            for (int i = 0; i < 4; i++) {
                JsonNode r = records.get(i);
                assertEquals(Rewire.JSON.readTree("{\"size\":4,\"complete\":true,\"expected\":4}"), r.get("group"), r.toString());
                assertEquals(answers[i].equals("4") ? 1.0 : 0.0, r.at("/terms/majority_vote/value").asDouble(), r.toString());
            }
            in.close();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    private static String labelFree(int i, String answer) {
        return "{\"id\":\"h-" + i + "\",\"prompt_id\":\"held\",\"domain\":\"math\",\"prompt\":\"2+2?\","
                + "\"completion\":\"\\\\boxed{" + answer + "}\"}\n";
    }
}
