package dev.rewire.runtime.spark;

import java.io.Serializable;

/**
 * What scoring a partition yields, one element at a time: a record (JSON line), a rejected
 * sample (a rejects-file line), a batch's check results (a JSON array, after the batch's records:
 * what a report charts), or the partition's summary ({@link PartitionSummary} as JSON, last).
 *
 * @param kind  which of the three
 * @param batch the batch a record belongs to (-1 for the others)
 * @param text  the JSON text
 */
public record JobOutput(Kind kind, long batch, String text) implements Serializable {

    public enum Kind { RECORD, REJECT, CHECKS, SUMMARY }

    public boolean isRecord() {
        return kind == Kind.RECORD;
    }
}
