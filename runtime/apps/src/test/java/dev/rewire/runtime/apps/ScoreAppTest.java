package dev.rewire.runtime.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreAppTest {

    @Test
    void scoresEveryValidLineAndRejectsTheBadOneNamingItsLine(@TempDir Path dir) throws Exception {
        Path in = AppFixture.resource("samples-60.jsonl", dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(in));
        lines.add(2, "{\"id\": \"broken\", ");
        Files.write(in, lines);
        Path out = dir.resolve("out/scored.jsonl");
        Path stats = dir.resolve("stats.json");
        AppFixture.Captured err = new AppFixture.Captured();
        ScoreApp.Request plain = AppFixture.score(in, out);
        ScoreApp.Request request = new ScoreApp.Request(plain.host(), in, out.toString(), null, stats, null, null,
                plain.batchSize(), -1, 0, 0, false, Duration.ofMinutes(1), ShadowSetup.NONE, false);

        int status = new ScoreApp(System.out, err.stream, false).run(request, System.nanoTime());

        assertEquals(ExitStatus.REJECTED, status, err.text());
        assertEquals(60, Files.readAllLines(out).size(), "every valid sample has its record");
        Path rejects = dir.resolve("out/scored.rejects.jsonl");
        JsonNode rejected = RewireJson.mapper().readTree(Files.readAllLines(rejects).get(0));
        assertEquals(3, rejected.get("line").asInt(), rejected.toString());
        assertTrue(err.text().contains("rewire: rejected records are in " + rejects), err.text());
        JsonNode run = RewireJson.mapper().readTree(stats.toFile()).get("run");
        assertEquals(61, run.get("records_in").asInt(), run.toString());
        assertEquals(1, run.get("rejected").asInt(), run.toString());
    }

    @Test
    void aStopBeforeTheFirstBatchScoresNothingAndSaysSo(@TempDir Path dir) throws Exception {
        Path in = AppFixture.resource("samples-60.jsonl", dir);
        Path out = dir.resolve("scored.jsonl");
        AppFixture.Captured err = new AppFixture.Captured();
        ScoreApp app = new ScoreApp(System.out, err.stream, false);
        app.stop("a test");

        int status = app.run(AppFixture.score(in, out), System.nanoTime());

        assertEquals(ExitStatus.OK, status, err.text());
        assertTrue(err.text().contains("stopped by a test"), err.text());
        assertTrue(app.awaitFinished(Duration.ZERO), "the run says it has finished");
        assertTrue(Files.readAllLines(out).size() < 60, "a stopped run does not read on");
    }

    @Test
    void resumeNeedsFilesOnBothSides(@TempDir Path dir) {
        ScoreApp.Request plain = AppFixture.score(dir.resolve("in.jsonl"), dir.resolve("out.jsonl"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ScoreApp.Request(
                plain.host(), null, "-", null, null, null, null, 16, -1, 0, 0, true, Duration.ofMinutes(1),
                ShadowSetup.NONE, false));
        assertEquals("--resume needs --in FILE and --out FILE (a pipe cannot be read again)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScoreApp.Request(plain.host(), null, "-", null, null,
                null, null, 0, -1, 0, 0, false, Duration.ofMinutes(1), ShadowSetup.NONE, false));
    }

    @Test
    void aReportIsWrittenAsHtmlAndJson(@TempDir Path dir) throws Exception {
        Path in = AppFixture.resource("samples-60.jsonl", dir);
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");
        ScoreApp.Request plain = AppFixture.score(in, dir.resolve("scored.jsonl"));
        ScoreApp.Request request = new ScoreApp.Request(plain.host(), in, plain.out(), null, null, html, json,
                plain.batchSize(), -1, 0, 0, false, Duration.ofMinutes(1), ShadowSetup.NONE, false);
        AppFixture.Captured err = new AppFixture.Captured();

        assertEquals(ExitStatus.OK, new ScoreApp(System.out, err.stream, false).run(request, System.nanoTime()),
                err.text());

        assertEquals(60, RewireJson.mapper().readTree(json.toFile()).get("records").asInt());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<svg"), page.substring(0, 200));
        assertFalse(Files.exists(dir.resolve("scored.rejects.jsonl")), "no rejects file when nothing was rejected");
    }
}
