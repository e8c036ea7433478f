package dev.rewire.runtime.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.runtime.engine.diff.FailIf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffAppTest {

    @TempDir
    static Path dir;
    private static Path base;
    private static Path candidate;

    /** The base scored for real; the candidate the same records with every reward 0.5 higher. */
    @BeforeAll
    static void sides() throws Exception {
        base = dir.resolve("base.jsonl");
        new ScoreApp(System.out, new AppFixture.Captured().stream, false).run(
                AppFixture.score(AppFixture.resource("samples-60.jsonl", dir), base), System.nanoTime());
        List<String> shifted = new ArrayList<>();
        for (String line : Files.readAllLines(base)) {
            ObjectNode record = (ObjectNode) RewireJson.mapper().readTree(line);
            record.put("reward", record.get("reward").asDouble() + 0.5);
            shifted.add(record.toString());
        }
        candidate = Files.write(dir.resolve("candidate.jsonl"), shifted);
    }

    @Test
    void aFileAgainstItselfMovesNothing() throws Exception {
        AppFixture.Captured err = new AppFixture.Captured();
        AppFixture.Captured out = new AppFixture.Captured();
        int status = new DiffApp(out.stream, err.stream).run(new DiffApp.Request(new DiffApp.ScoredSides(base, base),
                null, "-", 5, List.of(FailIf.parse("mean_abs_reward_delta>0"))));
        assertEquals(ExitStatus.OK, status, err.text());
        JsonNode diff = RewireJson.mapper().readTree(out.text());
        assertEquals(60, diff.at("/diff/samples_compared").asInt(), out.text());
        assertEquals(0, diff.at("/diff/reward/mean_abs_delta").asDouble(), out.text());
        assertTrue(err.text().contains("diff: 60 samples compared"), err.text());
    }

    @Test
    void aShiftPastTheThresholdExitsSixNamingIt() throws Exception {
        AppFixture.Captured err = new AppFixture.Captured();
        Path html = dir.resolve("diff.html");
        int status = new DiffApp(System.out, err.stream).run(new DiffApp.Request(
                new DiffApp.ScoredSides(base, candidate), html, null, 5, List.of(FailIf.parse("mean_reward_shift>0.05"))));
        assertEquals(ExitStatus.DIFF_THRESHOLD, status, err.text());
        assertTrue(err.text().contains("thresholds crossed: mean_reward_shift"), err.text());
        assertTrue(Files.readString(html).contains("<svg"), "the diff page has its charts");
    }
}
