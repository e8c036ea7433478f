package dev.rewire.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@code rewire score} run stands, saved beside its output after written batches (at most
 * once a second, and when the run stops) ({@code OUT.progress.json}, replaced atomically), so {@code --resume} continues a killed run from
 * its last complete batch: the output is cut back to the bytes the checkpoint vouches for, the
 * input lines already accounted for are skipped, and rejected lines past them are dropped from the
 * rejects file (they are read again). A run that finishes removes its checkpoint.
 *
 * <p>It also carries what the batches after it depend on ({@link PipelineState}: the checks' last
 * outcomes and saved state, the term statistics) and the ids the duplicate check remembers, so a
 * resumed run's output equals, byte for byte, the output the run would have written had it not been
 * stopped. Durable: the output and the rejects are forced to disk before the checkpoint that vouches
 * for them, and the checkpoint itself before it replaces the previous one.
 *
 * @param input       the input file (a resume must read the same one)
 * @param lines       input lines accounted for: scored and written, or rejected
 * @param outputBytes the output's length after the last complete batch
 * @param recordsIn   non-blank lines read up to {@code lines}
 * @param recordsOut  records written
 * @param nextBatch   the index the next batch gets
 * @param state       the pipeline's state after the last batch written; null in a checkpoint of an earlier release
 * @param recentIds   the ids the duplicate check remembered once line {@code lines} had been read, with their lines
 */
public record Checkpoint(String input, long lines, long outputBytes, long recordsIn, long recordsOut, long nextBatch,
                         PipelineState state, List<Map.Entry<String, Long>> recentIds) {

    /** This checkpoint once the output has {@code bytes}. */
    public Checkpoint withOutputBytes(long bytes) {
        return new Checkpoint(input, lines, bytes, recordsIn, recordsOut, nextBatch, state, recentIds);
    }

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
        if (state != null) {
            json.put("state", state.toJson());
        }
        List<Object[]> ids = new ArrayList<>(recentIds.size());
        recentIds.forEach(e -> ids.add(new Object[] {e.getKey(), e.getValue()}));
        json.put("recent_ids", ids);
        try {
            force(output);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(RewireJson.mapper().writeValueAsBytes(json)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceFolder(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forces a file's written bytes to disk (whichever stream wrote them: fsync works on the file). */
    public static void force(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    /** Makes a rename in the folder durable; where a folder cannot be opened (some systems), the rename stands as it is. */
    private static void forceFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform opens folders; the file itself is on disk
        }
    }

    /** The checkpoint of a killed run writing {@code output}; a usage error when there is none. */
    public static Checkpoint load(Path output) throws IOException {
        Path file = fileFor(output);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--resume: no " + file.getFileName() + " beside " + output
                    + ": the run finished, or never wrote a batch");
        }
        JsonNode n = readWhole(file);
        List<Map.Entry<String, Long>> ids = new ArrayList<>();
        for (JsonNode e : n.path("recent_ids")) {
            ids.add(Map.entry(e.path(0).asText(), e.path(1).asLong()));
        }
        return new Checkpoint(n.path("input").asText(), n.path("lines").asLong(), n.path("output_bytes").asLong(),
                n.path("records_in").asLong(), n.path("records_out").asLong(), n.path("next_batch").asLong(),
                n.hasNonNull("state") ? PipelineState.fromJson(n.path("state")) : null, ids);
    }

    /**
     * The checkpoint's JSON, or a usage error naming the file when it is cut short or empty (a disk
     * that filled, a copy cut off): read as it is, an empty file would say "line 0, 0 bytes" and
     * the output would be cut back to nothing; Jackson's own words would be a bare end-of-input.
     */
    private static JsonNode readWhole(Path file) throws IOException {
        long size = Files.size(file);
        JsonNode n;
        try {
            n = RewireJson.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("--resume: the checkpoint " + file + " is cut short or damaged (" + size
                    + " bytes; " + dev.rewire.framework.json.JsonErrors.describe(e) + "); start over without --resume");
        }
        if (n == null || !n.isObject() || !n.hasNonNull("lines") || !n.hasNonNull("output_bytes")) {
            throw new IllegalArgumentException("--resume: the checkpoint " + file + " is cut short or damaged (" + size
                    + " bytes, " + (size == 0 ? "empty" : "without 'lines' and 'output_bytes'")
                    + "); start over without --resume");
        }
        return n;
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
