package dev.rewire.runtime.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.spi.ScoringOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainAppTest {

    @TempDir
    static Path dir;
    private static Path scored;

    @BeforeAll
    static void score() throws Exception {
        scored = dir.resolve("scored.jsonl");
        new ScoreApp(System.out, new AppFixture.Captured().stream, false).run(
                AppFixture.score(AppFixture.resource("samples-60.jsonl", dir), scored), System.nanoTime());
    }

    @Test
    void explainsOneSampleAsText() throws Exception {
        AppFixture.Captured out = new AppFixture.Captured();
        assertEquals(ExitStatus.OK, new ExplainApp(out.stream, System.err)
                .run(new ExplainApp.Request("s-1", scored, ScoringOptions.DEFAULT, false)));
        assertTrue(out.text().startsWith("sample s-1 (prompt math-0, batch 0, line 1)"), out.text());
        assertTrue(out.text().contains("rules that decided this sample's routes and weights"), out.text());
    }

    @Test
    void explainsOneSampleAsJson() throws Exception {
        AppFixture.Captured out = new AppFixture.Captured();
        new ExplainApp(out.stream, System.err).run(new ExplainApp.Request("s-30", scored, ScoringOptions.DEFAULT, true));
        assertEquals("s-30", RewireJson.mapper().readTree(out.text()).get("id").asText(), out.text());
    }

    @Test
    void anUnknownIdIsAUsageErrorNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExplainApp(System.out,
                System.err).run(new ExplainApp.Request("nope", scored, ScoringOptions.DEFAULT, false)));
        assertEquals("sample \"nope\" is not in " + scored + " (no readable record has that id)", e.getMessage());
    }
}
