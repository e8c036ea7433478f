package dev.rewire.runtime.engine;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Where {@link Batcher} cuts batches over groups read one after another, worked out from the
 * groups' sizes alone: a distributed run that gathers each group whole (so its members are
 * contiguous) numbers its batches exactly as {@code rewire score} numbers them on that order.
 * Built with {@link Builder}, one group size at a time in input order, so memory holds one entry
 * per batch, never per sample or group.
 *
 * <p>A batch starts at a position: the ordinal of a group in input order (0 for the first) and an
 * offset among that group's samples (not 0 only where a group larger than a batch was cut). A
 * sample's batch is the last batch starting at or before its position. Groups cut that way are
 * never whole. Immutable and thread safe once built.
 */
public final class BatchPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long firstIndex;
    private final long[] startGroup;
    private final int[] startOffset;
    private final long[] splitGroups;

    private BatchPlan(long firstIndex, long[] startGroup, int[] startOffset, long[] splitGroups) {
        this.firstIndex = firstIndex;
        this.startGroup = startGroup;
        this.startOffset = startOffset;
        this.splitGroups = splitGroups;
    }

    /** The number of batches. */
    public int batches() {
        return startGroup.length;
    }

    /** The index of the first batch (0 for a whole run). */
    public long firstIndex() {
        return firstIndex;
    }

    /** The batch index of the sample at {@code offset} among the samples of group {@code ordinal}. */
    public long batchOf(long ordinal, int offset) {
        int lo = 0;
        int hi = startGroup.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (startGroup[mid] < ordinal || startGroup[mid] == ordinal && startOffset[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return firstIndex + lo;
    }

    /** Whether group {@code ordinal} was cut because it held more samples than a batch (its parts are not whole). */
    public boolean split(long ordinal) {
        return Arrays.binarySearch(splitGroups, ordinal) >= 0;
    }

    /** Takes the groups' sizes in input order, replaying {@link Batcher#add}'s cuts. Not thread safe. */
    public static final class Builder {

        private final int maxSamples;
        private final long firstIndex;
        private long[] startGroup = new long[64];
        private int[] startOffset = new int[64];
        private int batches;
        private long[] splitGroups = new long[8];
        private int splits;
        /** The group being read (its ordinal) and how many samples it has. */
        private long ordinal = -1;
        private long size;
        private int buffered;
        /** Groups with samples in the buffer; the one being read, if among them, is the last. */
        private int openGroups;
        /** Whether the group being read has samples in the buffer, and how many. */
        private boolean currentOpen;
        private int currentInBuffer;

        public Builder(int maxSamples, long firstIndex) {
            if (maxSamples < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + maxSamples);
            }
            this.maxSamples = maxSamples;
            this.firstIndex = firstIndex;
        }

        /** The next group in input order has {@code groupSize} samples. */
        public Builder group(long groupSize) {
            if (groupSize < 1) {
                throw new IllegalArgumentException("a group has at least 1 sample, got " + groupSize);
            }
            long previousSize = size;
            ordinal++;
            size = groupSize;
            if (batches == 0) {
                start(0, 0);
            }
            for (long j = 0; j < groupSize; j++) {
                if (buffered == maxSamples) {
                    cut(j, previousSize);
                }
                if (j == 0 || !currentOpen) {
                    openGroups++;
                    currentOpen = true;
                    currentInBuffer = 0;
                }
                currentInBuffer++;
                buffered++;
            }
            return this;
        }

        /**
         * The buffer is full and the sample at {@code offset} of the group being read arrives: as
         * {@link Batcher}, the group read last is carried into the next batch when other groups are
         * open; alone, it is emitted, and cut when the arriving sample is its own (a split).
         */
        private void cut(long offset, long previousSize) {
            boolean within = offset > 0;
            if (openGroups > 1) {
                // what the group read last has in the buffer moves to the next batch, first
                long carriedFrom = (within ? offset : previousSize) - currentInBuffer;
                start(within ? ordinal : ordinal - 1, (int) carriedFrom);
                buffered = currentInBuffer;
                openGroups = 1;
                currentOpen = within;
                return;
            }
            if (within) {
                addSplit(ordinal);
            }
            start(ordinal, (int) offset);
            buffered = 0;
            openGroups = 0;
            currentOpen = false;
            currentInBuffer = 0;
        }

        private void start(long group, int offset) {
            if (batches == startGroup.length) {
                startGroup = Arrays.copyOf(startGroup, batches * 2);
                startOffset = Arrays.copyOf(startOffset, batches * 2);
            }
            startGroup[batches] = group;
            startOffset[batches] = offset;
            batches++;
        }

        private void addSplit(long group) {
            if (splits > 0 && splitGroups[splits - 1] == group) {
                return;
            }
            if (splits == splitGroups.length) {
                splitGroups = Arrays.copyOf(splitGroups, splits * 2);
            }
            splitGroups[splits++] = group;
        }

        public BatchPlan build() {
            return new BatchPlan(firstIndex, Arrays.copyOf(startGroup, batches), Arrays.copyOf(startOffset, batches),
                    Arrays.copyOf(splitGroups, splits));
        }
    }
}
