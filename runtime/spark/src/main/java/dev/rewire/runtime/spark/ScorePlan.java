package dev.rewire.runtime.spark;

import dev.rewire.runtime.engine.BatchPlan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The input gathered into whole groups and numbered into batches as {@code rewire score} numbers
 * them: a group's members (wherever they are in the input) come together, groups keep the order
 * of their first member, and the batch cuts are worked out on the driver from the groups' sizes
 * alone ({@link BatchPlan}: one entry per batch in memory, streamed in order). Partitions then hold
 * runs of consecutive whole batches, samples in the order a local run writes their records.
 */
final class ScorePlan {

    final JavaRDD<PlannedSample> samples;
    final BatchPlan plan;
    final int partitions;
    final long groups;

    private ScorePlan(JavaRDD<PlannedSample> samples, BatchPlan plan, int partitions, long groups) {
        this.samples = samples;
        this.plan = plan;
        this.partitions = partitions;
        this.groups = groups;
    }

    /** A group's members' lines, in input order. */
    record GroupLines(String promptId, long[] lines) implements java.io.Serializable {
        long first() {
            return lines[0];
        }
    }

    /** Where a sample goes: its batch, its group's place and its own within the group. */
    record Place(long batch, long ordinal, int offset, String promptId, boolean whole) implements java.io.Serializable {
    }

    static ScorePlan of(JavaRDD<InputLine> valid, int batchSize, int batchesPerPartition) {
        // planned from (prompt, line) pairs alone: the samples' text moves twice in all, to meet its
        // place and then into its batch's partition
        JavaPairRDD<GroupLines, Long> ordered = valid.mapToPair(l -> new Tuple2<>(l.promptId(), l.line()))
                .groupByKey()
                .map(ScorePlan::lines)
                .sortBy(GroupLines::first, true, valid.getNumPartitions())
                .zipWithIndex()
                .persist(Datasets.KEPT);
        BatchPlan.Builder builder = new BatchPlan.Builder(batchSize, 0);
        long groups = 0;
        for (Iterator<Integer> sizes = ordered.map(g -> g._1().lines().length).toLocalIterator(); sizes.hasNext(); ) {
            builder.group(sizes.next());
            groups++;
        }
        BatchPlan plan = builder.build();
        BatchRanges ranges = new BatchRanges(plan.firstIndex(), plan.batches(), batchesPerPartition);
        JavaPairRDD<Long, Place> places = ordered.flatMapToPair(g -> places(g._1(), g._2(), plan).iterator());
        JavaRDD<PlannedSample> samples = valid.mapToPair(l -> new Tuple2<>(l.line(), l.text()))
                .join(places)
                .mapToPair(t -> {
                    Place p = t._2()._2();
                    return new Tuple2<>(new PlannedKey(p.batch(), p.ordinal(), p.offset()), new PlannedSample(p.batch(),
                            p.ordinal(), p.offset(), t._1(), p.promptId(), p.whole(), t._2()._1()));
                })
                .repartitionAndSortWithinPartitions(ranges)
                .values()
                .persist(Datasets.KEPT);
        return new ScorePlan(samples, plan, groups == 0 ? 0 : ranges.numPartitions(), groups);
    }

    private static GroupLines lines(Tuple2<String, Iterable<Long>> group) {
        List<Long> members = new ArrayList<>();
        group._2().forEach(members::add);
        return new GroupLines(group._1(), members.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    private static List<Tuple2<Long, Place>> places(GroupLines g, long ordinal, BatchPlan plan) {
        List<Tuple2<Long, Place>> out = new ArrayList<>(g.lines().length);
        boolean whole = !plan.split(ordinal);
        for (int offset = 0; offset < g.lines().length; offset++) {
            out.add(new Tuple2<>(g.lines()[offset], new Place(plan.batchOf(ordinal, offset), ordinal, offset,
                    g.promptId(), whole)));
        }
        return out;
    }
}
