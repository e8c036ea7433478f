package dev.rewire.runtime.io;

import java.io.IOException;

/**
 * One input's records, each as the text of one JSON object, numbered in the input's own unit: the
 * lines of a JSONL file ({@link Utf8Lines}) or the rows of a Parquet file ({@link ParquetRows}).
 * Everything downstream (decoders, rejects, checks) reads this text, so a Parquet row is
 * validated and rejected exactly as the same JSONL line would be. {@link DataFiles#openRecords}
 * opens one. Not thread safe.
 */
public interface InputRecords extends AutoCloseable {

    /**
     * One record: its 1-based number in the input and its text, or the reason it could not be read
     * (then {@code text} holds what could be, for the rejects file).
     */
    record Line(long number, String text, String error) {
    }

    /** The next record, or null at the end of the input. */
    Line next();

    /**
     * Whether the record {@link #next} returned last was ended as the format ends one (a JSONL line
     * by its newline; a Parquet row always is): false means the input may have been cut short there.
     */
    boolean lastLineEnded();

    /** How far into the input reading has come, in bytes of the (decompressed) input, for progress. */
    long bytesRead();

    /** What a record is called in messages and in the rejects file: "line" or "row". */
    String unit();

    @Override
    void close() throws IOException;
}
