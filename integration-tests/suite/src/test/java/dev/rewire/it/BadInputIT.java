package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken lines are rejected with line and reason, written aside, and every valid line is still scored. */
class BadInputIT {

    @Test
    void rejectsAreNamedWrittenAsideAndTheRestIsScored(@TempDir Path work) throws Exception {
        Path out = work.resolve("out/scored.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", Rewire.EXAMPLES.resolve("samples-with-errors.jsonl").toString(),
                "--out", out.toString());
        assertEquals(3, r.status(), r.stderr());
        assertEquals(200, Rewire.readJsonl(out).size());
        List<JsonNode> rejects = Rewire.readJsonl(work.resolve("out/scored.rejects.jsonl"));
        assertEquals(List.of(18, 43, 78, 121, 151), rejects.stream().map(j -> j.get("line").asInt()).toList());
        assertEquals("missing required field 'completion'", rejects.get(1).get("error").asText());
        assertEquals("bad-missing", rejects.get(1).get("id").asText());
        assertEquals("field 'confidence' must be a number, got string \"high\"", rejects.get(2).get("error").asText());
        assertEquals("confidence must be in [0,1], got 1.3", rejects.get(3).get("error").asText());
        assertEquals("record must be a JSON object", rejects.get(4).get("error").asText());
        assertEquals("[1, 2, 3]", rejects.get(4).get("record").asText());
        assertTrue(r.stderr().contains("rejected line 121 (id bad-range): confidence must be in [0,1], got 1.3"),
                r.stderr());
        assertTrue(r.stderr().contains("records in 205, out 200, rejected 5"), r.stderr());
    }

    @Test
    void rejectsGoWhereTheUserSays(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":\"a\",\"prompt_id\":\"p\",\"domain\":\"math\",\"prompt\":\"q\",\"completion\":\"\\\\boxed{1}\",\"reference\":\"1\"}\nnot json\n");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", "-",
                "--rejects", work.resolve("bad.jsonl").toString());
        assertEquals(3, r.status(), r.stderr());
        assertEquals(1, r.stdout().lines().count(), "stdout holds only the reward record: " + r.stdout());
        assertEquals(2, Rewire.readJsonl(work.resolve("bad.jsonl")).get(0).get("line").asInt());
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path work) throws Exception {
        assertEquals(2, Rewire.run(work, "score", "--out", "-").status());
        assertEquals(2, Rewire.run(work, "score", "--in", "missing.jsonl", "--out", "-").status());
        Rewire.Result help = Rewire.run(work, "score", "--help");
        assertEquals(0, help.status());
        assertTrue(help.stdout().contains("--batch-size"), help.stdout());
    }
}
