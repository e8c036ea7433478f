package dev.rewire.runtime.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.io.DatasetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsAppTest {

    @Test
    void weighsEveryPairAndRejectsTheBadLine(@TempDir Path dir) throws Exception {
        Path in = AppFixture.resource("pairs.jsonl", dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(in));
        lines.add(4, "not json");
        Files.write(in, lines);
        Path out = dir.resolve("weighted.jsonl");
        Path json = dir.resolve("pairs.json");
        AppFixture.Captured err = new AppFixture.Captured();
        RuntimeOptions host = AppFixture.host();
        DatasetWriter writer = new DatasetWriter(DatasetWriter.Format.ofOption("rewire"), 0, false,
                DatasetWriter.Sampling.NONE, null, DatasetWriter.Template.ofOption("chat"), "\n\n");

        int status = new PairsApp(System.out, err.stream).run(new PairsApp.Request(
                new RuntimeOptions(host.home(), host.policy(), null, ScoringOptions.DEFAULT, host.poll(), host.limits()),
                in, out.toString(), null, json, null, writer, null));

        assertEquals(ExitStatus.REJECTED, status, err.text());
        assertEquals(60, Files.readAllLines(out).size(), "one weighted pair per valid line");
        JsonNode rejected = RewireJson.mapper().readTree(Files.readAllLines(dir.resolve("weighted.rejects.jsonl")).get(0));
        assertEquals(5, rejected.get("line").asInt(), rejected.toString());
        assertTrue(err.text().contains("rewire: 60 pairs in, 60 written"), err.text());
        assertTrue(RewireJson.mapper().readTree(json.toFile()).has("annotators"), "the report's data");
    }

    @Test
    void formatNamesAreTheOptionsNames() {
        for (DatasetWriter.Format f : DatasetWriter.Format.values()) {
            assertEquals(f, DatasetWriter.Format.ofOption(f.optionName()));
        }
        assertEquals("trl-reward", DatasetWriter.Format.TRL_REWARD.optionName());
    }
}
