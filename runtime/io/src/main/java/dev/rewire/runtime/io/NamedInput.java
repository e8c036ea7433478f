package dev.rewire.runtime.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An input's bytes with the name of its file, so that what goes wrong while reading it (a gzip
 * stream cut short, another encoding) is told naming the file ({@link Utf8Lines} reads the name).
 * {@link #open} is how every command opens an input file: gzip-compressed input is recognised by its
 * magic bytes, whatever its name, and decompressed on the fly. Not thread safe, as the stream it wraps.
 */
public final class NamedInput extends FilterInputStream {

    private final String name;

    public NamedInput(String name, InputStream in) {
        super(in);
        this.name = name;
    }

    /** How messages name the input: its path as the user gave it. */
    public String name() {
        return name;
    }

    /**
     * Opens a file, or stdin when {@code file} is null, decompressing gzip; a file's stream is named.
     *
     * @throws IOException naming the file when its gzip header is cut short or is not gzip's
     */
    public static InputStream open(Path file) throws IOException {
        // FileInputStream, not Files.newInputStream: the latter seeks, which pipes and FIFOs refuse
        InputStream raw = file == null ? System.in : new java.io.FileInputStream(file.toFile());
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream bytes = in;
        if (b1 == 0x1f && b2 == 0x8b) {
            String source = file == null ? "the input" : "the input " + file;
            try {
                bytes = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (EOFException e) {
                in.close();
                // the header is read here: a bare java.io.EOFException would otherwise reach the user
                throw new IOException(source + " ends inside its gzip header (a truncated .gz file?); nothing could "
                        + "be read", e);
            } catch (ZipException e) {
                in.close();
                throw new IOException(source + " starts as gzip but its header is not gzip's (" + e.getMessage() + ")", e);
            }
        }
        return file == null ? bytes : new NamedInput(file.toString(), bytes);
    }
}
