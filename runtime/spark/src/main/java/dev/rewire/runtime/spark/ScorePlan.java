package dev.rewire.runtime.spark;

import dev.rewire.runtime.engine.BatchPlan;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** A group's members in input order, with the line of the first. */
    record GroupRows(String promptId, long firstLine, List<InputLine> members) implements java.io.Serializable {
    }

    static ScorePlan of(JavaRDD<InputLine> valid, int batchSize, int batchesPerPartition) {
        JavaRDD<GroupRows> grouped = valid.groupBy(InputLine::promptId).map(ScorePlan::rows);
        JavaPairRDD<GroupRows, Long> ordered = grouped.sortBy(GroupRows::firstLine, true, grouped.getNumPartitions())
                .zipWithIndex().persist(Datasets.KEPT);
        BatchPlan.Builder builder = new BatchPlan.Builder(batchSize, 0);
        long groups = 0;
        for (Iterator<Integer> sizes = ordered.map(g -> g._1().members().size()).toLocalIterator(); sizes.hasNext(); ) {
            builder.group(sizes.next());
            groups++;
        }
        BatchPlan plan = builder.build();
        BatchRanges ranges = new BatchRanges(plan.firstIndex(), plan.batches(), batchesPerPartition);
        JavaRDD<PlannedSample> samples = ordered
                .flatMapToPair(g -> placed(g._1(), g._2(), plan).iterator())
                .repartitionAndSortWithinPartitions(ranges)
                .values()
                .persist(Datasets.KEPT);
        return new ScorePlan(samples, plan, groups == 0 ? 0 : ranges.numPartitions(), groups);
    }

    private static GroupRows rows(Tuple2<String, Iterable<InputLine>> group) {
        List<InputLine> members = new ArrayList<>();
        group._2().forEach(members::add);
        members.sort(Comparator.comparingLong(InputLine::line));
        return new GroupRows(group._1(), members.get(0).line(), members);
    }

    private static List<Tuple2<PlannedKey, PlannedSample>> placed(GroupRows g, long ordinal, BatchPlan plan) {
        List<Tuple2<PlannedKey, PlannedSample>> out = new ArrayList<>(g.members().size());
        boolean whole = !plan.split(ordinal);
        for (int offset = 0; offset < g.members().size(); offset++) {
            InputLine m = g.members().get(offset);
            long batch = plan.batchOf(ordinal, offset);
            out.add(new Tuple2<>(new PlannedKey(batch, ordinal, offset),
                    new PlannedSample(batch, ordinal, offset, m.line(), g.promptId(), whole, m.text())));
        }
        return out;
    }
}
