package dev.rewire.runtime.spark;

import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.RejectSink;
import java.io.Serializable;

/**
 * One input line (or Parquet row, as its JSON object) decoded where it was read: a valid sample's
 * group key and text, or the rejects-file entry saying why it was rejected. Blank lines are none.
 *
 * @param line     the line or row number, from 1
 * @param id       the sample's id, null when rejected
 * @param promptId the group key, null when rejected
 * @param text     the sample's JSON text, null when rejected
 * @param rejected the rejects-file entry, null when valid
 */
public record InputLine(long line, String id, String promptId, String text, String rejected) implements Serializable {

    /**
     * Decodes as {@code rewire score} decodes a line; null for a blank one.
     *
     * @param unit what the input's records are called: "line" (JSONL) or "row" (Parquet)
     */
    static InputLine decode(String text, long line, String unit) {
        if (text.isBlank()) {
            return null;
        }
        try {
            Sample s = SampleCodec.decode(text, unit + "-" + line);
            return new InputLine(line, s.id(), s.promptId(), text, null);
        } catch (InvalidRecordException e) {
            return new InputLine(line, null, null, null,
                    RejectSink.entry(new DecodedLine<>(line, text, null, e.recordId(), e.getMessage()), unit));
        }
    }

    /** This valid line rejected because an earlier line has its id, as {@code rewire score} rejects it. */
    InputLine duplicateOf(long first, String unit) {
        String why = "duplicate id '" + id + "': " + unit + " " + first + " has it already (the first is kept)";
        return new InputLine(line, null, null, null, RejectSink.entry(new DecodedLine<>(line, text, null, id, why), unit));
    }

    boolean valid() {
        return rejected == null;
    }
}
