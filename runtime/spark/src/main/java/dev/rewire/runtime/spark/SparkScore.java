package dev.rewire.runtime.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code rewire score} as a Spark job over lines (JSONL lines, or Parquet rows as JSON objects) in
 * input order: decoded and rejected where they are read, gathered into whole groups, numbered into
 * the batches a local run forms, scored partition by partition on each executor's hosts, and
 * corrected where a partition did not start from its predecessor's end ({@link ScoreRounds}). The
 * records equal a local run's on the same input, field for field, whenever the local run keeps
 * each prompt's samples together (it scores a group whose members are far apart in parts; here it
 * is always whole).
 */
public final class SparkScore {

    /**
     * @param settings            the host's and scorer's options
     * @param batchSize           samples per batch ({@code --batch-size})
     * @param groupSize           the samples of a whole group, 0 when not declared ({@code --group-size})
     * @param batchesPerPartition consecutive batches each partition scores: more, fewer partitions to correct
     */
    public record Options(JobSettings settings, int batchSize, int groupSize, int batchesPerPartition)
            implements Serializable {

        public Options {
            if (batchSize < 1 || groupSize < 0 || batchesPerPartition < 1) {
                throw new IllegalArgumentException("--batch-size and --batches-per-partition must be >= 1, "
                        + "--group-size >= 0");
            }
        }

        public static Options defaults() {
            return new Options(JobSettings.defaults(), 256, 0, 64);
        }
    }

    /**
     * A scored input: the records and rejects in order (lazy: written by the caller), and the counts.
     *
     * @param records the reward records as JSON lines, in the order a local run writes them
     * @param rejects the rejects-file lines, in line order
     * @param batches the records and, after each batch's, its check results, in order (what a report reads)
     */
    public record Result(JavaRDD<String> records, JavaRDD<String> rejects, Summary summary,
                         JavaRDD<JobOutput> batches) {
    }

    /**
     * @param blockedBy what stopped the run ({@code batch N blocked by rule ...}), or null
     * @param rounds    scoring rounds (1 for one partition; 2 when every partition started right)
     */
    public record Summary(long recordsIn, long recordsOut, long rejected, long batches, long groups, int partitions,
                          int rounds, long rescoredBatches, String blockedBy, String device) implements Serializable {

        public String describe() {
            return "records in " + recordsIn + ", out " + recordsOut + ", rejected " + rejected + "; " + batches
                    + " batches in " + partitions + " partitions; " + rounds + " scoring rounds (" + rescoredBatches
                    + " batches scored again to start a partition where the one before it ended); device " + device;
        }
    }

    private SparkScore() {
    }

    /** Scores {@code lines} (in input order; numbered from 1) with the shipped host. */
    public static Result run(JavaSparkContext spark, Datasets.Input input, HostShipment shipment, Options o,
                             Consumer<String> progress) {
        String unit = input.unit();
        JavaRDD<InputLine> read = input.lines().zipWithIndex()
                .map(t -> InputLine.decode(t._1(), t._2() + 1, unit))
                .filter(l -> l != null);
        JavaRDD<InputLine> decoded = withoutDuplicateIds(spark, read, unit).persist(Datasets.KEPT);
        long in = decoded.count();
        progress.accept(in + " lines read");
        ScorePlan plan = ScorePlan.of(decoded.filter(InputLine::valid), o.batchSize(), o.batchesPerPartition());
        progress.accept(plan.groups + " groups in " + plan.plan.batches() + " batches, " + plan.partitions + " partitions");
        ScoreRounds.Outcome outcome = plan.partitions == 0
                ? new ScoreRounds.Outcome(spark.<JobOutput>emptyRDD(), List.of(), 0, 0)
                : new ScoreRounds(spark, plan, new PartitionScorer(shipment, o.settings(), o.groupSize(), unit), progress).run();
        long blockedBatch = Long.MAX_VALUE;
        String blockedBy = null;
        String device = "none";
        for (PartitionSummary s : outcome.summaries()) {
            if (s.device() != null) {
                device = s.device();
            }
            s.log().forEach(line -> progress.accept("partition " + s.partition() + ": " + line));
            if (s.blockedBatch() >= 0) {
                blockedBatch = s.blockedBatch();
                blockedBy = s.blockedBy();
                break;
            }
        }
        long cut = blockedBatch;
        long firstBlockedLine = cut == Long.MAX_VALUE ? Long.MAX_VALUE
                : plan.samples.filter(s -> s.batch() == cut).map(PlannedSample::line).min(java.util.Comparator.naturalOrder());
        JavaRDD<JobOutput> kept = outcome.outputs().filter(o1 -> o1.kind() != JobOutput.Kind.SUMMARY && o1.batch() < cut);
        JavaRDD<String> records = kept.filter(JobOutput::isRecord).map(JobOutput::text);
        JavaRDD<String> rejects = decoded.filter(l -> !l.valid() && l.line() < firstBlockedLine)
                .map(l -> new JobOutput(JobOutput.Kind.REJECT, l.line(), l.rejected()))
                .union(kept.filter(o1 -> o1.kind() == JobOutput.Kind.REJECT)
                        .map(o1 -> new JobOutput(JobOutput.Kind.REJECT, lineOf(o1.text()), o1.text())))
                .sortBy(JobOutput::batch, true, 1)
                .map(JobOutput::text);
        long out;
        long rejected;
        if (cut == Long.MAX_VALUE) {
            // no block: the partitions' own counts (the outputs are read once, when written)
            out = outcome.summaries().stream().mapToLong(PartitionSummary::records).sum();
            rejected = decoded.filter(l -> !l.valid()).count()
                    + outcome.summaries().stream().mapToLong(PartitionSummary::rejected).sum();
        } else {
            out = records.count();
            rejected = rejects.count();
        }
        long batches = Math.min(plan.plan.batches(), cut == Long.MAX_VALUE ? Long.MAX_VALUE : cut + 1);
        return new Result(records, rejects, new Summary(in, out, rejected, batches, plan.groups, plan.partitions,
                outcome.rounds(), outcome.rescoredBatches(), blockedBy, device),
                outcome.outputs().filter(o1 -> o1.kind() == JobOutput.Kind.RECORD && o1.batch() < cut
                        || o1.kind() == JobOutput.Kind.CHECKS && o1.batch() <= cut));
    }

    /**
     * A sample whose id an earlier line already has is rejected, the first kept. A local run looks
     * for them among the last two batches' worth of lines; a job looks everywhere (one shuffle of
     * ids and line numbers; the duplicates, normally none, go to every task).
     */
    private static JavaRDD<InputLine> withoutDuplicateIds(JavaSparkContext spark, JavaRDD<InputLine> lines, String unit) {
        java.util.Map<Long, Long> firstOf = lines.filter(InputLine::valid)
                .mapToPair(l -> new scala.Tuple2<>(l.id(), l.line()))
                .groupByKey()
                .flatMapToPair(g -> {
                    List<Long> at = new java.util.ArrayList<>();
                    g._2().forEach(at::add);
                    java.util.Collections.sort(at);
                    List<scala.Tuple2<Long, Long>> later = new java.util.ArrayList<>();
                    for (int i = 1; i < at.size(); i++) {
                        later.add(new scala.Tuple2<>(at.get(i), at.get(0)));
                    }
                    return later.iterator();
                })
                .collectAsMap();
        if (firstOf.isEmpty()) {
            return lines;
        }
        var duplicates = spark.broadcast(new java.util.HashMap<>(firstOf));
        return lines.map(l -> {
            Long first = duplicates.value().get(l.line());
            return first == null ? l : l.duplicateOf(first, unit);
        });
    }

    /** The line a rejects-file entry names (rejects are written in line order). */
    private static long lineOf(String entry) {
        try {
            JsonNode json = dev.rewire.framework.json.RewireJson.mapper().readTree(entry);
        return json.has("row") ? json.get("row").asLong() : json.path("line").asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a rejects entry did not read back: " + e.getMessage(), e);
        }
    }
}
