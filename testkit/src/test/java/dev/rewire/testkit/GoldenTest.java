package dev.rewire.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class GoldenTest {

    private final TermRun run = TermHarness.of(TermHarnessTest.MATCH)
            .run(SampleFiles.read(GoldenTest.class, "/fixture.jsonl"));

    @Test
    void bothFormatsMatchTheRun() {
        Golden.assertMatches(GoldenTest.class, "/golden.json", run, 0.0);
        Golden.assertMatches(GoldenTest.class, "/golden.jsonl", run, 0.0);
    }

    @Test
    void everyMismatchIsListedInOneFailure(@TempDir Path dir) throws Exception {
        Path golden = dir.resolve("g.json");
        Files.writeString(golden, "{\"a1\": 0.98, \"b1\": 0.5, \"a2\": null, \"gone\": 1}");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Golden.assertMatches(golden, run, 0.01));
        assertEquals("term match differs from " + golden + " (tolerance 0.01) on 4 sample(s):\n"
                + "  a1: expected 0.98, actual 1.0\n"
                + "  b1: expected 0.5, actual abstained (no reference)\n"
                + "  a2: expected an abstention, actual 0.0\n"
                + "  gone: expected 1.0, but the run has no such sample", e.getMessage());
    }

    @Test
    void aSampleTheFileDoesNotListIsAMismatchToo(@TempDir Path dir) throws Exception {
        Path golden = dir.resolve("g.jsonl");
        Files.writeString(golden, "{\"id\": \"a1\", \"value\": 1}\n{\"id\": \"b1\", \"value\": null}\n");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Golden.assertMatches(golden, run, 0));
        assertEquals("term match differs from " + golden + " (tolerance 0.0) on 1 sample(s):\n  a2: not in g.jsonl",
                e.getMessage());
    }

    @Test
    void toJsonWritesAGoldenFileTheComparisonAccepts(@TempDir Path dir) throws Exception {
        Path golden = dir.resolve("written.json");
        Files.writeString(golden, Golden.toJson(run));
        Golden.assertMatches(golden, run, 0.0);
    }
}
