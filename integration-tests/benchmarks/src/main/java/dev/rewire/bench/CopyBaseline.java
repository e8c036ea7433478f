package dev.rewire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * End-to-end baseline: read every JSONL line, parse it, and write a small JSON record per line,
 * with no pipeline at all. {@code rewire score}'s throughput is reported as a ratio of this,
 * measured in the same run on the same file. Usage: {@code CopyBaseline IN OUT}.
 */
public final class CopyBaseline {

    private CopyBaseline() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = RewireJson.mapper().readTree(line);
                var rec = RewireJson.mapper().createObjectNode();
                rec.put("id", node.get("id").asText());
                rec.put("reward", node.get("completion").asText().length());
                out.write(RewireJson.mapper().writeValueAsString(rec));
                out.write('\n');
                n++;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("baseline: %d records in %.2f s, %.0f records/s%n", n, s, n / s);
    }
}
