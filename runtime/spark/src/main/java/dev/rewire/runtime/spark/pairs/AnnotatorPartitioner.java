package dev.rewire.runtime.spark.pairs;

import org.apache.spark.Partitioner;

/** Every signal of an annotator to one partition: the filters pool an annotator's items. */
final class AnnotatorPartitioner extends Partitioner {

    private final int partitions;

    AnnotatorPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return Math.floorMod(((SignalKey) key).annotator().hashCode(), partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnotatorPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
