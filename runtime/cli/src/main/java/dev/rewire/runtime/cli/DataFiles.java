package dev.rewire.runtime.cli;

import dev.rewire.runtime.io.NamedInput;
import dev.rewire.runtime.io.OutputFiles;
import dev.rewire.runtime.io.Utf8Lines;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How every command names its data files: {@code -} is stdin or stdout, output folders are
 * created as needed, and rejected lines go beside the output unless the user says otherwise.
 */
final class DataFiles {

    private DataFiles() {
    }

    /**
     * The input file, or null for stdin; a usage error naming the problem when it cannot be read.
     * Pipes, FIFOs and process substitution ({@code <(zcat x.gz)}) are inputs too.
     */
    static Path input(String option, String value) {
        if ("-".equals(value)) {
            return null;
        }
        Path p = Path.of(value);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(option + " " + value + ": no such file");
        }
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + value + ": is a folder, not a file");
        }
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(option + " " + value + ": permission denied");
        }
        return p;
    }

    /**
     * Opens an input from {@link #input} (the file, or stdin when it is null) as bytes;
     * gzip-compressed input (by its magic bytes, whatever its name) is decompressed on the fly.
     */
    static InputStream open(Path input) throws IOException {
        return NamedInput.open(input);
    }

    /**
     * The size of a plain (not gzip-compressed) regular input file as it is now, or -1 (stdin, a
     * pipe, a compressed file): what a whole read must get through, to tell a file cut short while
     * it was read from one read to its end.
     */
    static long plainSize(Path input) throws IOException {
        if (input == null || !Files.isRegularFile(input)) {
            return -1;
        }
        try (InputStream in = Files.newInputStream(input)) {
            if (in.read() == 0x1f && in.read() == 0x8b) {
                return -1;
            }
        }
        return Files.size(input);
    }

    /**
     * {@link #open} as lines of strict UTF-8, as every command reads its input: a bad byte costs its
     * line (never replaced), a byte order mark and a lone CR cost nothing, line numbers are the file's.
     */
    static Utf8Lines openLines(Path input) throws IOException {
        return new Utf8Lines(open(input));
    }

    /**
     * Refuses an output that is the input (or, by a link, the same file): writing it would empty
     * the input before it is read.
     */
    static void refuseOverwrite(String option, String out, Path input) throws IOException {
        if (input == null || out == null || "-".equals(out)) {
            return;
        }
        if (FileRoles.same(Path.of(out), input)) {
            throw new IllegalArgumentException(option + " " + out + " is the input file; it would be emptied "
                    + "before it is read: write elsewhere");
        }
    }

    /** Creates the output: the file ({@code -}: the data stream, i.e. the real stdout). */
    static OutputStream create(String out, PrintStream data) throws IOException {
        return new BufferedOutputStream("-".equals(out) ? data : Files.newOutputStream(withParent(Path.of(out))), 1 << 16);
    }

    /** Opens an existing output to append to (a resumed run). */
    static OutputStream append(Path out) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(out, java.nio.file.StandardOpenOption.APPEND), 1 << 16);
    }

    /** Creates the file's folder if needed; returns the file ({@link OutputFiles#withParent}). */
    static Path withParent(Path file) throws IOException {
        return OutputFiles.withParent(file);
    }

    /** Where rejected lines go by default: NAME.rejects.jsonl beside the output, or ./rewire.rejects.jsonl. */
    static Path rejectsBeside(String out) {
        return beside(out, "rejects");
    }

    /** A companion file of the output: NAME.KIND.jsonl beside it, or ./rewire.KIND.jsonl for stdout. */
    static Path beside(String out, String kind) {
        if ("-".equals(out)) {
            return Path.of("rewire." + kind + ".jsonl");
        }
        String name = Path.of(out).getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        return Path.of(out).resolveSibling(stem + "." + kind + ".jsonl");
    }
}
