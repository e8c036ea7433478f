package dev.rewire.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint cut short is named, with its file, never read as "line 0" nor told as a bare end-of-input. */
class CheckpointLoadTest {

    /** An output of one record and the checkpoint saved beside it; returns the output. */
    private static Path savedRun(Path work) throws Exception {
        Path out = work.resolve("out.jsonl");
        Files.writeString(out, "{}\n");
        new Checkpoint("in.jsonl", 12, 3, 12, 11, 2, null, List.of()).save(out);
        return out;
    }

    @Test
    void aSavedCheckpointLoadsBack(@TempDir Path work) throws Exception {
        Checkpoint c = Checkpoint.load(savedRun(work));
        assertEquals(12, c.lines());
        assertEquals(3, c.outputBytes());
    }

    @Test
    void aCheckpointCutInItsJsonIsNamedWithItsFile(@TempDir Path work) throws Exception {
        Path out = savedRun(work);
        Path file = Checkpoint.fileFor(out);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(out));
        assertTrue(e.getMessage().startsWith("--resume: the checkpoint " + file + " is cut short or damaged ("
                + whole.length / 2 + " bytes; malformed JSON: Unexpected end-of-input"), e.getMessage());
        assertTrue(e.getMessage().endsWith("); start over without --resume"), e.getMessage());
        assertFalse(e.getMessage().contains("`"), "no Java advice: " + e.getMessage());
    }

    @Test
    void anEmptyCheckpointIsNotLineZero(@TempDir Path work) throws Exception {
        Path out = work.resolve("out.jsonl");
        Files.writeString(out, "{}\n");
        Path file = Checkpoint.fileFor(out);
        Files.write(file, new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(out));
        assertEquals("--resume: the checkpoint " + file + " is cut short or damaged (0 bytes, empty); start over "
                + "without --resume", e.getMessage());
    }
}
