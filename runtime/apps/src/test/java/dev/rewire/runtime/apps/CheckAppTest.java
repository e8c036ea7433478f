package dev.rewire.runtime.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckAppTest {

    @Test
    void checksScoredOutputInBatchesOfTheFileAndWritesTheReportJson(@TempDir Path dir) throws Exception {
        Path scored = dir.resolve("scored.jsonl");
        AppFixture.Captured err = new AppFixture.Captured();
        new ScoreApp(System.out, err.stream, false).run(
                AppFixture.score(AppFixture.resource("samples-60.jsonl", dir), scored), System.nanoTime());
        Path json = dir.resolve("check.json");

        int status = new CheckApp(err.stream).run(new CheckApp.Request(AppFixture.host(), scored, 25, null, json, null,
                Duration.ofMinutes(1)));

        JsonNode report = RewireJson.mapper().readTree(json.toFile());
        assertEquals(60, report.get("records").asInt(), report.toString());
        assertTrue(status == ExitStatus.OK || status == ExitStatus.CHECK_FAILED, "status " + status);
        assertEquals(status == ExitStatus.CHECK_FAILED, err.text().contains(" FAIL: "), err.text());
    }

    @Test
    void aFileWithNoRecordIsAUsageErrorNamingIt(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CheckApp(System.err)
                .run(new CheckApp.Request(AppFixture.host(), empty, 25, null, null, null, Duration.ofMinutes(1))));
        assertEquals(empty + " holds no record to check (it is empty)", e.getMessage());
    }

    @Test
    void aMissingBaselineIsRefusedBeforeTheHostStarts(@TempDir Path dir) {
        Path missing = dir.resolve("baseline.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CheckApp.Request(
                AppFixture.host(), null, 25, null, null, missing, Duration.ofMinutes(1)));
        assertEquals("--baseline " + missing + ": no such file", e.getMessage());
    }
}
