package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
