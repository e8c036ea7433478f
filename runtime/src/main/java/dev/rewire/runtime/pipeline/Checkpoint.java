package dev.rewire.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a {@code rewire score} run stands, saved beside its output after written batches (at most
 * once a second, and when the run stops) ({@code OUT.progress.json}, replaced atomically), so {@code --resume} continues a killed run from
 * its last complete batch: the output is cut back to the bytes the checkpoint vouches for, the
 * input lines already accounted for are skipped, and rejected lines past them are dropped from the
 * rejects file (they are read again). A run that finishes removes its checkpoint.
 *
 * @param input       the input file (a resume must read the same one)
 * @param lines       input lines accounted for: scored and written, or rejected
 * @param outputBytes the output's length after the last complete batch
 * @param recordsIn   non-blank lines read up to {@code lines}
 * @param recordsOut  records written
 * @param nextBatch   the index the next batch gets
 */
public record Checkpoint(String input, long lines, long outputBytes, long recordsIn, long recordsOut, long nextBatch) {

    public static Path fileFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".progress.json");
    }

    public void save(Path output) {
        Path file = fileFor(output);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input", input);
        json.put("lines", lines);
        json.put("output_bytes", outputBytes);
        json.put("records_in", recordsIn);
        json.put("records_out", recordsOut);
        json.put("next_batch", nextBatch);
        try {
            Files.write(tmp, RewireJson.mapper().writeValueAsBytes(json));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint of a killed run writing {@code output}; a usage error when there is none. */
    public static Checkpoint load(Path output) throws IOException {
        Path file = fileFor(output);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--resume: no " + file.getFileName() + " beside " + output
                    + ": the run finished, or never wrote a batch");
        }
        JsonNode n = RewireJson.mapper().readTree(file.toFile());
        return new Checkpoint(n.path("input").asText(), n.path("lines").asLong(), n.path("output_bytes").asLong(),
                n.path("records_in").asLong(), n.path("records_out").asLong(), n.path("next_batch").asLong());
    }

    /** Cuts the output back to the last complete batch. */
    public void truncate(Path output) throws IOException {
        try (FileChannel ch = FileChannel.open(output, StandardOpenOption.WRITE)) {
            if (ch.size() < outputBytes) {
                throw new IllegalStateException("--resume: " + output + " is shorter (" + ch.size() + " bytes) than its "
                        + "checkpoint says (" + outputBytes + "): it was changed since; start over without --resume");
            }
            ch.truncate(outputBytes);
        }
    }

    public static void remove(Path output) throws IOException {
        Files.deleteIfExists(fileFor(output));
    }
}
