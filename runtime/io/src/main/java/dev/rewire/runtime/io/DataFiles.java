package dev.rewire.runtime.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * How every command names its data files: {@code -} is stdin or stdout, output folders are
 * created as needed, and rejected lines go beside the output unless the user says otherwise.
 */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * The input file, or null for stdin; a usage error naming the problem when it cannot be read.
     * Pipes, FIFOs and process substitution ({@code <(zcat x.gz)}) are inputs too.
     */
    public static Path input(String option, String value) {
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
     * A file's stream is a {@link NamedInput}, so what goes wrong while it is read names the file.
     *
     * @throws IOException naming the file when its gzip header is cut short or is not gzip's
     */
    public static InputStream open(Path input) throws IOException {
        // FileInputStream, not Files.newInputStream: the latter seeks, which pipes and FIFOs refuse
        InputStream raw = input == null ? System.in : new java.io.FileInputStream(input.toFile());
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream bytes = in;
        if (b1 == 0x1f && b2 == 0x8b) {
            String source = input == null ? "the input" : "the input " + input;
            try {
                bytes = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (EOFException e) {
                in.close();
                // GZIPInputStream reads the header here: a bare java.io.EOFException would reach the user
                throw new IOException(source + " ends inside its gzip header (a truncated .gz file?); nothing could "
                        + "be read", e);
            } catch (ZipException e) {
                in.close();
                throw new IOException(source + " starts as gzip but its header is not gzip's (" + e.getMessage() + ")", e);
            }
        }
        // named: what goes wrong later while reading it is told with the file (Utf8Lines reads the name)
        return input == null ? bytes : new NamedInput(input.toString(), bytes);
    }

    /**
     * The size of a plain (not gzip-compressed) regular input file as it is now, or -1 (stdin, a
     * pipe, a compressed file, a Parquet file, whose footer already told its size when it was
     * opened): what a whole read must get through, to tell a file cut short while it was read from
     * one read to its end.
     */
    public static long plainSize(Path input) throws IOException {
        if (input == null || !Files.isRegularFile(input) || ParquetFiles.isParquet(input)) {
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
     * The input's records as every command reads them: a Parquet file ({@link ParquetFiles#isParquet})
     * row by row, anything else as JSONL, {@link #open}ed as lines of strict UTF-8 (a bad byte costs
     * its line, never replaced; a byte order mark and a lone CR cost nothing; line numbers are the
     * file's).
     *
     * @throws IOException naming the file when it cannot be read as its format (a gzip header, a
     *                     Parquet footer)
     */
    public static InputRecords openRecords(Path input) throws IOException {
        return ParquetFiles.isParquet(input) ? ParquetRows.open(input) : new Utf8Lines(open(input));
    }

    /**
     * Refuses an output that is the input (or, by a link, the same file): writing it would empty
     * the input before it is read.
     */
    public static void refuseOverwrite(String option, String out, Path input) throws IOException {
        if (input == null || out == null || "-".equals(out)) {
            return;
        }
        if (same(Path.of(out), input)) {
            throw new IllegalArgumentException(option + " " + out + " is the input file; it would be emptied "
                    + "before it is read: write elsewhere");
        }
    }

    /** Creates the output: the file ({@code -}: the data stream, i.e. the real stdout). */
    public static OutputStream create(String out, PrintStream data) throws IOException {
        return new BufferedOutputStream("-".equals(out) ? data : Files.newOutputStream(withParent(Path.of(out))), 1 << 16);
    }

    /**
     * Creates {@code rewire score}'s output: Parquet when its name ends in {@code .parquet}
     * ({@link ParquetRecordSink}), else JSON lines ({@code -}: the data stream).
     */
    public static RecordSink createRecords(String out, PrintStream data) throws IOException {
        return ParquetFiles.isParquetName(out) ? new ParquetRecordSink(Path.of(out)) : new JsonlRecordSink(create(out, data));
    }

    /**
     * Creates an output of rows: a Parquet file of {@code schema} when its name ends in
     * {@code .parquet}, else JSON lines ({@code -}: the data stream).
     */
    public static RowSink createRows(String out, PrintStream data, org.apache.parquet.schema.MessageType schema)
            throws IOException {
        return ParquetFiles.isParquetName(out) ? new ParquetRowWriter(Path.of(out), schema)
                : new JsonlRowSink(new java.io.BufferedWriter(new java.io.OutputStreamWriter(create(out, data),
                        java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Opens an existing output to append to (a resumed run). */
    public static OutputStream append(Path out) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(out, java.nio.file.StandardOpenOption.APPEND), 1 << 16);
    }

    /** Creates the file's folder if needed; returns the file: the one place an output's folder is made. */
    public static Path withParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }

    /** Where rejected lines go by default: NAME.rejects.jsonl beside the output, or ./rewire.rejects.jsonl. */
    public static Path rejectsBeside(String out) {
        return beside(out, "rejects");
    }

    /**
     * A companion file of the output: NAME.KIND.jsonl beside it (NAME without .jsonl or .parquet),
     * or ./rewire.KIND.jsonl for stdout.
     */
    public static Path beside(String out, String kind) {
        if ("-".equals(out)) {
            return Path.of("rewire." + kind + ".jsonl");
        }
        String name = Path.of(out).getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6)
                : ParquetFiles.isParquetName(name) ? name.substring(0, name.length() - 8) : name;
        return Path.of(out).resolveSibling(stem + "." + kind + ".jsonl");
    }

    /** The same file: one path, or (both existing) one file by a link. */
    public static boolean same(Path a, Path b) throws IOException {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    }
}
