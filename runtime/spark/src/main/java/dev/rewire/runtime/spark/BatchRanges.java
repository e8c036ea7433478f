package dev.rewire.runtime.spark;

import org.apache.spark.Partitioner;

/**
 * Partitions by batch: each partition holds a run of consecutive whole batches, the first
 * partition the first batches, so partitions in order are the run in order.
 */
final class BatchRanges extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final long firstBatch;
    private final long batchesPerPartition;
    private final int partitions;

    BatchRanges(long firstBatch, long batches, int batchesPerPartition) {
        this.firstBatch = firstBatch;
        this.batchesPerPartition = batchesPerPartition;
        this.partitions = (int) Math.max(1, (batches + batchesPerPartition - 1) / batchesPerPartition);
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long batch = ((PlannedKey) key).batch() - firstBatch;
        return (int) Math.min(partitions - 1, batch / batchesPerPartition);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchRanges b && b.firstBatch == firstBatch
                && b.batchesPerPartition == batchesPerPartition && b.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(firstBatch) * 31 + Long.hashCode(batchesPerPartition) * 17 + partitions;
    }
}
