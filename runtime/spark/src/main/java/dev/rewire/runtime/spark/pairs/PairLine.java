package dev.rewire.runtime.spark.pairs;

import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.PairCodec;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.RejectSink;
import java.io.Serializable;

/**
 * One input line (or Parquet row, as its JSON object) decoded where it was read: a valid pair's id
 * and text, or the rejects-file entry saying why it was rejected. Blank lines are none.
 *
 * @param line     the line or row number, from 1
 * @param id       the pair's id, null when rejected
 * @param text     the pair's JSON text, null when rejected
 * @param rejected the rejects-file entry, null when valid
 */
public record PairLine(long line, String id, String text, String rejected) implements Serializable {

    /**
     * Decodes as {@code rewire pairs} decodes a line; null for a blank one.
     *
     * @param unit what the input's records are called: "line" (JSONL) or "row" (Parquet)
     */
    static PairLine decode(String text, long line, String unit) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return new PairLine(line, PairCodec.decode(text).id(), text, null);
        } catch (InvalidRecordException e) {
            return rejected(line, text, e.recordId(), e.getMessage(), unit);
        }
    }

    /** The line rejected because an earlier line has its id, in the words of {@code rewire pairs}' duplicate check. */
    PairLine duplicateOf(long firstLine, String unit) {
        return rejected(line, text, id, "duplicate id '" + id + "': " + unit + " " + firstLine
                + " has it already (the first is kept)", unit);
    }

    private static PairLine rejected(long line, String text, String id, String error, String unit) {
        return new PairLine(line, null, null, RejectSink.entry(new DecodedLine<>(line, text, null, id, error), unit));
    }

    boolean valid() {
        return rejected == null;
    }

    /** The pair (its text was decoded once already, so it decodes). */
    static PreferencePair pair(String text) {
        try {
            return PairCodec.decode(text);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("a pair that decoded once did not decode again: " + e.getMessage(), e);
        }
    }
}
