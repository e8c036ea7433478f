package dev.rewire.runtime.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How every command names its data files: {@code -} is stdin or stdout, output folders are
 * created as needed, and rejected lines go beside the output unless the user says otherwise.
 */
final class DataFiles {

    private DataFiles() {
    }

    /** The input file, or null for stdin; a usage error when the file does not exist. */
    static Path input(String option, String value) {
        if ("-".equals(value)) {
            return null;
        }
        Path p = Path.of(value);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + value + ": no such file");
        }
        return p;
    }

    /** Opens an input from {@link #input}: the file, or stdin when it is null. */
    static BufferedReader open(Path input) throws IOException {
        return input == null ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(input, StandardCharsets.UTF_8);
    }

    /** Creates the output: the file ({@code -}: the data stream, i.e. the real stdout). */
    static Writer create(String out, PrintStream data) throws IOException {
        return "-".equals(out) ? new BufferedWriter(new OutputStreamWriter(data, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(withParent(Path.of(out)), StandardCharsets.UTF_8);
    }

    /** Creates the file's folder if needed; returns the file. */
    static Path withParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }

    /** Where rejected lines go by default: NAME.rejects.jsonl beside the output, or ./rewire.rejects.jsonl. */
    static Path rejectsBeside(String out) {
        if ("-".equals(out)) {
            return Path.of("rewire.rejects.jsonl");
        }
        String name = Path.of(out).getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        return Path.of(out).resolveSibling(stem + ".rejects.jsonl");
    }
}
