package dev.rewire.runtime.pipeline;

import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads JSONL samples one line at a time (memory bounded by the longest line). Blank lines are
 * skipped; every other line becomes a sample or a rejection with its line number. Not thread safe.
 */
public final class SampleReader implements Iterator<DecodedLine> {

    private final BufferedReader in;
    private long lineNumber;
    private DecodedLine next;
    private long bytesRead;

    public SampleReader(BufferedReader in) {
        this.in = in;
    }

    /** Characters consumed so far (newlines included), for progress over a file of known size. */
    public long charsRead() {
        return bytesRead;
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
                bytesRead += line.length() + 1;
                if (!line.isBlank()) {
                    next = decode(lineNumber, line);
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading input at line " + (lineNumber + 1), e);
        }
    }

    @Override
    public DecodedLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DecodedLine d = next;
        next = null;
        return d;
    }

    static DecodedLine decode(long lineNumber, String line) {
        try {
            Sample s = SampleCodec.decode(line);
            return new DecodedLine(lineNumber, line, s, s.id(), null);
        } catch (InvalidRecordException e) {
            return new DecodedLine(lineNumber, line, null, e.recordId(), e.getMessage());
        }
    }
}
