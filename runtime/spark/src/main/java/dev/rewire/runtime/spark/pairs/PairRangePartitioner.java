package dev.rewire.runtime.spark.pairs;

import org.apache.spark.Partitioner;

/**
 * Pairs by their index in the input into consecutive ranges, one per partition: a pair's signals
 * stay together (the pair step reads them all), and the partitions in order are the input in order.
 */
final class PairRangePartitioner extends Partitioner {

    private final int partitions;
    private final long pairs;

    PairRangePartitioner(int partitions, long pairs) {
        this.partitions = partitions;
        this.pairs = Math.max(1, pairs);
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long pair = ((PairPart.Key) key).pair();
        return (int) Math.min(partitions - 1, pair * partitions / pairs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairRangePartitioner p && p.partitions == partitions && p.pairs == pairs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pairs) * 31 + partitions;
    }
}
