package dev.rewire.runtime.pipeline;

import dev.rewire.framework.json.InvalidRecordException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Reads JSONL one line at a time (memory bounded by the longest line). Blank lines are skipped;
 * every other line becomes a record or a rejection with its line number. Not thread safe.
 */
public final class JsonlReader<T> implements Iterator<DecodedLine<T>> {

    /** Decodes one line (numbered from 1), or says why it cannot. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(String line, long lineNumber) throws InvalidRecordException;
    }

    private final BufferedReader in;
    private final Decoder<T> decoder;
    private final Function<T, String> idOf;
    private long lineNumber;
    private long charsRead;
    private DecodedLine<T> next;

    public JsonlReader(BufferedReader in, Decoder<T> decoder, Function<T, String> idOf) {
        this.in = in;
        this.decoder = decoder;
        this.idOf = idOf;
    }

    /** Characters consumed so far (newlines included), for progress over a file of known size. */
    public long charsRead() {
        return charsRead;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                charsRead += line.length() + 1;
                if (!line.isBlank()) {
                    next = decode(line);
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading input at line " + (lineNumber + 1), e);
        }
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

    private DecodedLine<T> decode(String line) {
        try {
            T value = decoder.decode(line, lineNumber);
            return new DecodedLine<>(lineNumber, line, value, idOf.apply(value), null);
        } catch (InvalidRecordException e) {
            return new DecodedLine<>(lineNumber, line, null, e.recordId(), e.getMessage());
        }
    }
}
