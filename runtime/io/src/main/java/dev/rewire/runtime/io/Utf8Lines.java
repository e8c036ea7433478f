package dev.rewire.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines and decodes each as strict UTF-8, so that a bad byte costs its
 * own line (rejected with the reason) rather than the run, and is never silently replaced. Lines
 * end at {@code \n} alone (a trailing {@code \r} is dropped; a lone {@code \r} inside a line does
 * not shift later line numbers); a UTF-8 byte order mark at the start of a line is skipped (the
 * start of the file, or of a file joined to it with {@code cat}). An input in UTF-16 or UTF-32 (by
 * its byte order mark) is refused as a whole, naming its encoding: read as UTF-8, every line of it
 * would be rejected for bytes it never had. A line of NUL bytes alone (the zero-filled tail a crash
 * leaves in a preallocated file) is named as such. Memory is
 * bounded by {@link #maxLineBytes}: a longer line (a JSON file that is not JSON lines, a line
 * that lost its newlines) is read past without being kept and comes back as an error naming its
 * length, so one such line costs itself, never the run's memory. Not thread safe.
 */
public final class Utf8Lines implements InputRecords {

    private final InputStream in;
    /** How messages name the input: "the input FILE", or "the input" when it has no name. */
    private final String source;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The default cap on one line: 64 MiB, or a sixteenth of the heap when that is less (1 MiB at least). */
    static final long DEFAULT_MAX_LINE_BYTES = Math.max(1 << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));
    /** How much of an over-long line is kept for the rejects file. */
    private static final int KEPT_OF_LONG_LINE = 256;

    private final byte[] buffer = new byte[1 << 16];
    private final long maxLineBytes;
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    /** The bytes of the line being read kept in {@link #line} (past the cap: its head only). */
    private int length;
    /** Bytes of the line being read past the cap and not kept. */
    private long skipped;
    /** Whether the line being read is over {@link #maxLineBytes}. */
    private boolean over;
    private long number;
    private long bytesRead;
    private boolean first = true;
    private boolean lastEnded = true;

    /** @param in the input; when it is a {@link NamedInput}, messages name its file */
    public Utf8Lines(InputStream in) {
        this(in, DEFAULT_MAX_LINE_BYTES);
    }

    Utf8Lines(InputStream in, long maxLineBytes) {
        this.in = in;
        this.source = in instanceof NamedInput named ? "the input " + named.name() : "the input";
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Whether the line {@link #next} returned last ended with a newline; false when the input
     * ended in it (a file whose writer was cut off mid-line, or one that omits the last newline).
     */
    @Override
    public boolean lastLineEnded() {
        return lastEnded;
    }

    /** Bytes consumed so far. */
    @Override
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * The next line, or null at the end of the input.
     *
     * @throws java.io.UncheckedIOException when reading fails, saying after which line and why
     *         ({@link ReadFailures}: a truncated gzip stream is named as such)
     */
    @Override
    public Line next() {
        try {
            return read();
        } catch (IOException e) {
            throw (java.io.UncheckedIOException) ReadFailures.describe(e, source, number);
        }
    }

    @Override
    public String unit() {
        return "line";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private Line read() throws IOException {
        if (!gather()) {
            return null;
        }
        number++;
        boolean atStart = first;
        first = false;
        if (over) {
            return overLong();
        }
        if (atStart) {
            LineEncodings.refuseOtherUnicodeEncodings(line, length, source);
        }
        // a byte order mark at the start of any line: the file's own, or that of a file joined on with cat
        int offset = LineEncodings.startsWithBom(line, length) ? 3 : 0;
        int end = length;
        if (end > offset && line[end - 1] == '\r') {
            end--;
        }
        return decode(offset, end);
    }

    /**
     * Reads the next line's bytes (without its {@code \n}) into {@link #line}: all of them, or past
     * the cap only its head ({@link #over}); false at the end of the input with nothing read.
     */
    private boolean gather() throws IOException {
        length = 0;
        skipped = 0;
        over = false;
        boolean any = false;
        lastEnded = false;
        while (true) {
            if (position == limit && !refill()) {
                return any;
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (over || length + chunk > maxLineBytes) {
                over = true;
                keepHead(start, chunk);
            } else {
                append(start, chunk);
            }
            bytesRead += chunk;
            if (position < limit) {
                position++;
                bytesRead++;
                lastEnded = true;
                return true;
            }
        }
    }

    /** Reads the next block of input into {@link #buffer}; false at its end. */
    private boolean refill() throws IOException {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
            limit = 0;
            return false;
        }
        return true;
    }

    private void append(int start, int chunk) {
        if (length + chunk > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(line.length * 2L, length + chunk)));
        }
        System.arraycopy(buffer, start, line, length, chunk);
        length += chunk;
    }

    /** Over the cap: keeps the head for the rejects file and counts the rest without keeping it. */
    private void keepHead(int start, int chunk) {
        int keep = Math.max(0, Math.min(chunk, KEPT_OF_LONG_LINE - length));
        if (length + keep > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + keep));
        }
        System.arraycopy(buffer, start, line, length, keep);
        length += keep;
        skipped += chunk - keep;
    }

    /** The line read was over the cap: its head, and an error naming its length. */
    private Line overLong() {
        String head = new String(line, 0, Math.min(length, KEPT_OF_LONG_LINE), StandardCharsets.UTF_8) + "...";
        if (line.length > KEPT_OF_LONG_LINE * 4) {
            line = new byte[1024]; // the buffer grew towards the cap: let it go
        }
        long total = length + skipped;
        return new Line(number, head, String.format(java.util.Locale.ROOT, "line of %d bytes is over the limit of %d bytes "
                + "for one record (not JSON lines? one object a line is expected); not read", total, maxLineBytes));
    }

    private Line decode(int offset, int end) {
        String nul = LineEncodings.nulLine(line, offset, end);
        if (nul != null) {
            // the NULs kept as they are, for the rejects file: nothing of the input is lost
            return new Line(number, new String(line, offset, end - offset, StandardCharsets.UTF_8), nul);
        }
        if (ascii(offset, end)) {
            // every byte below 0x80 is valid UTF-8 as it is: one copy, no decoder buffers
            return new Line(number, new String(line, offset, end - offset, StandardCharsets.US_ASCII), null);
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, offset, end - offset);
        try {
            CharBuffer chars = strict.reset().decode(bytes);
            return new Line(number, chars.toString(), null);
        } catch (CharacterCodingException e) {
            int bad = firstInvalid(offset, end);
            String lenient = new String(line, offset, end - offset, StandardCharsets.UTF_8);
            return new Line(number, lenient, String.format("invalid UTF-8: byte 0x%02X at byte %d of the line",
                    line[bad] & 0xff, bad - offset + 1));
        }
    }

    private boolean ascii(int offset, int end) {
        for (int i = offset; i < end; i++) {
            if (line[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Where the first malformed sequence starts (a byte the strict decoder stops at). */
    private int firstInvalid(int offset, int end) {
        ByteBuffer bytes = ByteBuffer.wrap(line, offset, end - offset);
        CharBuffer out = CharBuffer.allocate(end - offset + 1);
        strict.reset().decode(bytes, out, true);
        return Math.min(bytes.position(), end - 1);
    }
}
