package dev.rewire.runtime.spark;

import java.io.Serializable;

/**
 * A valid sample placed in the run's batch plan, as it travels between Spark stages: its text is
 * decoded again where it is scored (decoding is deterministic; a decoded sample is not shipped).
 *
 * @param batch    the batch it is scored in (numbered as {@code rewire score} numbers them)
 * @param ordinal  its group's place in input order (0 for the group read first)
 * @param offset   its place within the group (0 for the member read first)
 * @param line     its line (JSONL) or row (Parquet) number, from 1, as errors and rejects name it
 * @param promptId its group key
 * @param whole    whether its group (or the part of it in this batch) is whole
 * @param text     the sample's JSON text
 */
public record PlannedSample(long batch, long ordinal, int offset, long line, String promptId, boolean whole,
                            String text) implements Serializable {
}
