package dev.rewire.runtime.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.RewireJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where rejected input lines go: one JSON object per line with {@code line}, {@code id} (when
 * readable), {@code error} and the original {@code record} text, so nothing is lost. A Parquet
 * input's rejections name the {@code row} instead of the {@code line}, and the record is the row's
 * JSON text. The file is
 * created on the first rejection only. The first few rejections are also told on the terminal.
 * Thread safe: the pipeline rejects while the writer thread flushes before a checkpoint.
 */
public final class RejectSink implements AutoCloseable {

    private static final int SHOWN = 10;

    private final Path file;
    private final Consumer<String> log;
    /** What the input's records are called: "line", or "row" (Parquet). */
    private final String unit;
    private BufferedWriter out;
    private long count;
    private long shownBefore;

    /** A rejects file left by an earlier run is removed: after this run, the file holds this run's rejections only. */
    public RejectSink(Path file, Consumer<String> log) {
        this(file, log, 0);
    }

    /**
     * For a resumed run: the rejections of lines up to {@code keepThrough} stay in the file (the
     * killed run made them), later ones are dropped (those lines are read again).
     */
    public RejectSink(Path file, Consumer<String> log, long keepThrough) {
        this(file, log, keepThrough, "line");
    }

    /** @param unit what the input's records are called ({@link InputRecords#unit}) */
    public RejectSink(Path file, Consumer<String> log, long keepThrough, String unit) {
        this.file = file;
        this.log = log;
        this.unit = unit;
        try {
            if (keepThrough <= 0 || !Files.exists(file)) {
                Files.deleteIfExists(file);
                return;
            }
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && RewireJson.mapper().readTree(line).path(unit).asLong() <= keepThrough) {
                    kept.add(line);
                }
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
            count = kept.size();
            shownBefore = count;
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the rejects file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails now, naming the file, when rejections could not be written there (a folder that cannot
     * be created, a file or folder without write permission), so that a run is refused before it
     * starts rather than stopped at its first bad line. Leaves nothing behind.
     *
     * @throws IllegalArgumentException saying why the file cannot be written
     */
    public static void probe(String option, Path file) {
        try {
            DataFiles.withParent(file);
            if (Files.exists(file)) {
                if (Files.isDirectory(file) || !Files.isWritable(file)) {
                    throw new java.nio.file.AccessDeniedException(file.toString());
                }
                return;
            }
            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            Files.delete(file);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileAlreadyExistsException f ? f.getFile() + " is a file, not a folder"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage();
            throw new IllegalArgumentException(option + " " + file + ": rejected lines could not be written there ("
                    + why + ")");
        }
    }

    /** Makes the rejections so far durable (before a checkpoint vouches for them). */
    public synchronized void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write rejects to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public synchronized void reject(DecodedLine<?> line) {
        count++;
        if (count - shownBefore <= SHOWN) {
            // the id as a terminal may show it: escaped and cut (the rejects file keeps it whole)
            log.accept("rejected " + unit + " " + line.line() + (line.recordId() == null ? "" : " (id "
                    + TerminalText.shown(line.recordId()) + ")")
                    + ": " + line.error());
        } else if (count - shownBefore == SHOWN + 1) {
            log.accept("more rejections follow; all are in " + file);
        }
        try {
            if (out == null) {
                out = Files.newBufferedWriter(DataFiles.withParent(file), StandardCharsets.UTF_8);
            }
            out.write(entry(line, unit));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rejects to " + file, e);
        }
    }

    /**
     * A rejected line as the rejects file holds it: one JSON object with its line (or row: {@code unit}
     * names the field), id, error and text.
     */
    public static String entry(DecodedLine<?> line, String unit) {
        ObjectNode node = RewireJson.mapper().createObjectNode();
        node.put(unit, line.line());
        if (line.recordId() != null) {
            node.put("id", line.recordId());
        }
        node.put("error", line.error());
        node.put("record", line.raw());
        try {
            return RewireJson.mapper().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a rejected line could not be written as JSON", e);
        }
    }

    public synchronized long count() {
        return count;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
