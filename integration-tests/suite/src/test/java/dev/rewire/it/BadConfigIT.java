package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A typo in a {@code .cfg} never silently drops the term it configures: at start it is an error
 * naming file, key, value and what was expected (exit 1, no stack trace); while running, the bad
 * file is named and the previous settings keep serving, for a bad value and for settings the
 * term's constructor refuses alike.
 */
class BadConfigIT {

    private static final String LENGTH = "rewire.term.length_penalty.cfg";

    @Test
    void aBadValueAtStartIsAnErrorNamingFileKeyValueAndWhatWasExpected(@TempDir Path work) throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path in = work.resolve("in.jsonl");
        Files.writeString(in, Rewire.Stream.math(0) + "\n");
        String[][] cases = {
            {LENGTH, "buffer=256   \n", LENGTH + ": buffer = \"256   \" (it has spaces around it) is not a whole number "
                    + "(the default is 512)"},
            {"rewire.term.majority_vote.cfg", "min_ratio=abc\n", "rewire.term.majority_vote.cfg: min_ratio = \"abc\" is "
                    + "not a number (the default is 0.0)"},
            {"rewire.term.rm_score.cfg", "standardize=yes\n", "rewire.term.rm_score.cfg: standardize = \"yes\" is not "
                    + "true or false (the default is false)"},
            {LENGTH, "buffer=9000\n", LENGTH + ": the component refused these settings: IllegalArgumentException: "
                    + "length_penalty needs 1 <= buffer <= max_tokens, got buffer 9000, max_tokens 4096"}};
        for (String[] c : cases) {
            try (var files = Files.list(deploy)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.writeString(deploy.resolve(c[0]), c[1]);
            Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", work.resolve("o.jsonl").toString(),
                    "--deploy", deploy.toString());
            assertEquals(1, r.status(), c[1] + r.stderr());
            assertTrue(r.stderr().contains("rewire: could not start: bad settings in the deploy folder "), r.stderr());
            assertTrue(r.stderr().contains(c[2]), r.stderr());
            assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception in thread"),
                    "no stack trace: " + r.stderr());
        }
    }

    @Test
    void aBadEditWhileRunningIsNamedAndThePreviousSettingsKeepServing(@TempDir Path work) throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path cfg = deploy.resolve(LENGTH);
        Files.writeString(cfg, "buffer=256\n");
        try (Rewire.Stream run = new Rewire.Stream(work, "--deploy", deploy.toString(), "--poll-ms", "100",
                "--batch-size", "8")) {
            run.await("records under buffer 256", () -> run.records().size() >= 32);
            assertEquals(256, run.records().get(0).at("/provenance/config/length_penalty/buffer").asInt());

            Rewire.writeAtomically(cfg, "buffer=128   \n");
            run.await("the bad value named", () -> run.stderr().contains(LENGTH + ": buffer = \"128   \" (it has spaces "
                    + "around it) is not a whole number (the default is 512); the previous settings keep serving"));
            Rewire.writeAtomically(cfg, "buffer=9000\n");
            run.await("the refused settings named", () -> run.stderr().contains(LENGTH + ": the component refused these "
                    + "settings: IllegalArgumentException: length_penalty needs 1 <= buffer <= max_tokens, got buffer 9000"));
            int seen = run.records().size();
            run.await("records after the bad edits", () -> run.records().size() >= seen + 64);

            Rewire.writeAtomically(cfg, "buffer=128\n");
            run.await("a good edit taken", () -> {
                List<JsonNode> r = run.records();
                return r.get(r.size() - 1).at("/provenance/config/length_penalty/buffer").asInt() == 128;
            });
            assertEquals(0, run.finish(), run.stderr());
            assertEquals(run.written(), run.records().size(), "no record lost");
            for (JsonNode r : run.records()) {
                JsonNode term = r.at("/terms/length_penalty");
                assertFalse(term.has("abstained"), "the term never went missing: " + r);
                int buffer = r.at("/provenance/config/length_penalty/buffer").asInt();
                assertTrue(buffer == 256 || buffer == 128, "only settings that were accepted served: " + r);
            }
            assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        }
    }
}
