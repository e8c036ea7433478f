package dev.rewire.runtime.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.runtime.engine.PipelineState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Scores the planned partitions so that every record equals a local run's, although a batch's
 * policy reads the checks of the batch before it, which may lie in another partition.
 *
 * <p>The first partition is scored alone, from the run's start. Every other partition is then
 * scored at once, each from the state the first one ended in: the state a stateful check settles
 * into (a baseline measured on the first batches) is right for all of them, and only the last
 * checks' outcomes are a guess. A partition is exact when it started from its predecessor's exact
 * end state. Each round re-scores, from its predecessor's end state, every partition that did not;
 * a re-scoring stops at the first batch after which its state equals the earlier scoring's (a batch
 * whose policy decided alike leaves the same checks behind), so a round usually re-scores one batch
 * per partition. Rounds go on until every partition up to the first block is exact: at most one per
 * partition, one or two in practice; a check whose state changes on every batch makes it one per
 * partition (the job then takes as long as a local run, and says how many rounds it took).
 */
final class ScoreRounds {

    /** Where the rounds ended: the last round's outputs and every partition's summary. */
    record Outcome(JavaRDD<JobOutput> outputs, List<PartitionSummary> summaries, int rounds, long rescoredBatches) {
    }

    private final JavaSparkContext spark;
    private final ScorePlan plan;
    private final Broadcast<PartitionScorer> scorer;
    private final Consumer<String> progress;

    ScoreRounds(JavaSparkContext spark, ScorePlan plan, PartitionScorer scorer, Consumer<String> progress) {
        this.spark = spark;
        this.plan = plan;
        this.scorer = spark.broadcast(scorer);
        this.progress = progress;
    }

    Outcome run() {
        int n = plan.partitions;
        Broadcast<PartitionScorer> scoring = scorer;
        // round 0: the first partition from the run's start; the others wait for its end state
        List<PartitionSummary> summaries = new ArrayList<>();
        JavaRDD<JobOutput> current = kept(plan.samples.mapPartitionsWithIndex((p, samples) -> p == 0
                ? scoring.value().score(0, null, null, samples).iterator()
                : List.<JobOutput>of().iterator(), true), n, summaries);
        progress.accept("partition 0 of " + n + " scored from the run's start");
        int rounds = 1;
        long rescored = 0;
        if (n > 1) {
            Map<Integer, String> seeds = new HashMap<>();
            for (int p = 1; p < n; p++) {
                seeds.put(p, summaries.get(0).endState());
            }
            summaries = new ArrayList<>();
            current = rescore(current, seeds, Map.of(), summaries);
            rounds++;
            progress.accept("partitions 1-" + (n - 1) + " scored from partition 0's end state");
        }
        while (true) {
            Map<Integer, String> seeds = new HashMap<>();
            Map<Integer, Map<Long, String>> rejoin = new HashMap<>();
            for (int p = 1; p < n; p++) {
                PartitionSummary before = summaries.get(p - 1);
                if (before.blockedBatch() >= 0) {
                    break; // nothing after a block counts
                }
                String truth = PartitionScorer.fingerprint(state(before.endState()));
                if (!truth.equals(summaries.get(p).seed())) {
                    seeds.put(p, before.endState());
                    rejoin.put(p, summaries.get(p).after());
                }
            }
            if (seeds.isEmpty()) {
                break;
            }
            List<PartitionSummary> previous = summaries;
            summaries = new ArrayList<>();
            current = rescore(current, seeds, rejoin, summaries);
            rounds++;
            long batches = 0;
            for (int p : seeds.keySet()) {
                PartitionSummary s = summaries.get(p);
                batches += s.mergedAt() < 0 ? s.after().size()
                        : s.after().keySet().stream().filter(b -> b <= s.mergedAt()).count();
            }
            rescored += batches;
            progress.accept("round " + rounds + ": " + seeds.size() + " partitions re-scored from their predecessor's "
                    + "end state (" + batches + " batches)");
            if (previous.equals(summaries)) {
                throw new IllegalStateException("scoring rounds stopped changing without agreeing: a nondeterministic "
                        + "policy or check?");
            }
        }
        return new Outcome(current, summaries, rounds, rescored);
    }

    /**
     * The next round: the partitions in {@code seeds} scored again from those states (stopping where
     * they rejoin their earlier scoring), the others as they were.
     */
    private JavaRDD<JobOutput> rescore(JavaRDD<JobOutput> previous, Map<Integer, String> seeds,
                                       Map<Integer, Map<Long, String>> rejoin, List<PartitionSummary> summaries) {
        Broadcast<PartitionScorer> scoring = scorer;
        Broadcast<Map<Integer, String>> seedsOut = spark.broadcast(new HashMap<>(seeds));
        Broadcast<Map<Integer, Map<Long, String>>> rejoinOut = spark.broadcast(new HashMap<>(rejoin));
        JavaRDD<JobOutput> next = previous.zipPartitions(plan.samples, (before, samples) -> {
            int p = TaskContext.getPartitionId();
            String seed = seedsOut.value().get(p);
            if (seed == null) {
                return before;
            }
            List<JobOutput> before0 = new ArrayList<>();
            before.forEachRemaining(before0::add);
            List<JobOutput> again = scoring.value().score(p, state(seed), rejoinOut.value().get(p), samples);
            return joined(before0, again).iterator();
        });
        JavaRDD<JobOutput> kept = kept(next, plan.partitions, summaries);
        previous.unpersist(false);
        return kept;
    }

    /**
     * A round's outputs computed once and kept for the next round, with every partition's summary
     * gathered on the way (an accumulator, so the outputs are not read again to find them; a task
     * run twice, after a lost executor, reports the same summary twice, and one is kept).
     */
    private JavaRDD<JobOutput> kept(JavaRDD<JobOutput> outputs, int n, List<PartitionSummary> summaries) {
        CollectionAccumulator<String> found = spark.sc().collectionAccumulator("rewire partition summaries");
        JavaRDD<JobOutput> kept = outputs.mapPartitions(it -> new SummaryTap(it, found), true).persist(Datasets.KEPT);
        kept.count();
        PartitionSummary[] byPartition = new PartitionSummary[n];
        for (String json : found.value()) {
            PartitionSummary s = PartitionSummary.fromJson(json);
            byPartition[s.partition()] = s;
        }
        summaries.addAll(java.util.Arrays.asList(byPartition));
        return kept;
    }

    /**
     * A re-scored partition: its new outputs through the batch where it rejoined, then the earlier
     * scoring's after it (with that scoring's states and end), or only the new ones when it never did.
     */
    static List<JobOutput> joined(List<JobOutput> before, List<JobOutput> again) {
        PartitionSummary now = PartitionSummary.fromJson(again.get(again.size() - 1).text());
        if (now.mergedAt() < 0) {
            return again;
        }
        PartitionSummary earlier = PartitionSummary.fromJson(before.get(before.size() - 1).text());
        List<JobOutput> out = new ArrayList<>(again.subList(0, again.size() - 1));
        for (JobOutput o : before.subList(0, before.size() - 1)) {
            if (o.batch() > now.mergedAt()) {
                out.add(o);
            }
        }
        Map<Long, String> after = new java.util.TreeMap<>(earlier.after());
        after.putAll(now.after());
        PartitionSummary merged = new PartitionSummary(now.partition(), now.seed(), after, earlier.endState(),
                now.mergedAt(), earlier.blockedBatch(), earlier.blockedBy(), count(out, JobOutput.Kind.RECORD),
                count(out, JobOutput.Kind.REJECT), earlier.device() != null ? earlier.device() : now.device(), now.log());
        out.add(new JobOutput(JobOutput.Kind.SUMMARY, -1, merged.toJson()));
        return out;
    }

    private static long count(List<JobOutput> outputs, JobOutput.Kind kind) {
        return outputs.stream().filter(o -> o.kind() == kind).count();
    }

    /** Passes outputs on, handing each summary to the accumulator as it goes by. */
    private static final class SummaryTap implements Iterator<JobOutput> {
        private final Iterator<JobOutput> outputs;
        private final CollectionAccumulator<String> found;

        SummaryTap(Iterator<JobOutput> outputs, CollectionAccumulator<String> found) {
            this.outputs = outputs;
            this.found = found;
        }

        @Override
        public boolean hasNext() {
            return outputs.hasNext();
        }

        @Override
        public JobOutput next() {
            JobOutput o = outputs.next();
            if (o.kind() == JobOutput.Kind.SUMMARY) {
                found.add(o.text());
            }
            return o;
        }
    }

    static PipelineState state(String json) {
        try {
            JsonNode node = RewireJson.mapper().readTree(json);
            return PipelineState.fromJson(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
