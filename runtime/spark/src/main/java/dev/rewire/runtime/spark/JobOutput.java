package dev.rewire.runtime.spark;

import java.io.Serializable;

/**
 * What scoring a partition yields, one element at a time: a record (JSON line), a rejected
 * sample (a rejects-file line), or the partition's summary ({@link PartitionSummary} as JSON, last).
 *
 * @param kind  which of the three
 * @param batch the batch a record belongs to (-1 for the others)
 * @param text  the JSON text
 */
public record JobOutput(Kind kind, long batch, String text) implements Serializable {

    public enum Kind { RECORD, REJECT, SUMMARY }

    public boolean isRecord() {
        return kind == Kind.RECORD;
    }
}
