package dev.rewire.runtime.io;

import dev.rewire.framework.json.InvalidRecordException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Reads JSONL one line at a time (memory bounded by the longest line), or any other
 * {@link InputRecords} (a Parquet file's rows) one record at a time. Blank lines are skipped;
 * every other record becomes a decoded value or a rejection with its number; a line that is not
 * valid UTF-8 is rejected on its own (see {@link Utf8Lines}). Not thread safe.
 */
public final class JsonlReader<T> implements Iterator<DecodedLine<T>> {

    /** Decodes one line (numbered from 1), or says why it cannot. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(String line, long lineNumber) throws InvalidRecordException;
    }

    private final InputRecords in;
    private final long skipThrough;
    private final Decoder<T> decoder;
    private final Function<T, String> idOf;
    private long lineNumber;
    private DecodedLine<T> next;

    public JsonlReader(InputStream in, Decoder<T> decoder, Function<T, String> idOf) {
        this(new Utf8Lines(in), decoder, idOf, 0);
    }

    /** @param skipThrough lines up to this number are read past without a word (a resumed run did them) */
    public JsonlReader(InputStream in, Decoder<T> decoder, Function<T, String> idOf, long skipThrough) {
        this(new Utf8Lines(in), decoder, idOf, skipThrough);
    }

    /** @param skipThrough records up to this number are read past without a word (a resumed run did them) */
    public JsonlReader(InputRecords in, Decoder<T> decoder, Function<T, String> idOf, long skipThrough) {
        this.skipThrough = skipThrough;
        this.in = in;
        this.decoder = decoder;
        this.idOf = idOf;
    }

    /** The number of the last line read (0 before the first). */
    public long lineNumber() {
        return lineNumber;
    }

    /** Bytes consumed so far (newlines included), for progress over a file of known size. */
    public long bytesRead() {
        return in.bytesRead();
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        InputRecords.Line line;
        while ((line = in.next()) != null) {
            lineNumber = line.number();
            if (lineNumber <= skipThrough) {
                continue;
            }
            if (line.error() != null) {
                next = new DecodedLine<>(lineNumber, line.text(), null, null, line.error());
                return true;
            }
            if (!line.text().isBlank()) {
                next = decode(line.text(), in.lastLineEnded());
                return true;
            }
        }
        return false;
    }

    @Override
    public DecodedLine<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DecodedLine<T> d = next;
        next = null;
        return d;
    }

    /** @param ended whether a newline ended the line (false: the input ended in it, perhaps cut short) */
    private DecodedLine<T> decode(String line, boolean ended) {
        try {
            T value = decoder.decode(line, lineNumber);
            return new DecodedLine<>(lineNumber, line, value, idOf.apply(value), null);
        } catch (InvalidRecordException e) {
            String why = ended ? e.getMessage() : e.getMessage() + " " + CUT_SHORT;
            return new DecodedLine<>(lineNumber, line, null, e.recordId(), why);
        }
    }

    /** Said of a bad last line with no newline after it: most likely a copy or a write cut off there. */
    static final String CUT_SHORT = "(the input's last line has no newline: was the file cut short?)";
}
