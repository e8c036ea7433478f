package dev.rewire.runtime.spark.pairs;

import dev.rewire.runtime.engine.pairs.DesignFacts;
import dev.rewire.runtime.engine.pairs.FitShard;
import dev.rewire.runtime.engine.pairs.ParameterValues;
import dev.rewire.runtime.engine.pairs.ShardedEm;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The fit's shards as Spark partitions (one {@link FitShard} each): each E-step is a job whose
 * steps stay cached on the executors for the two jobs after it (the mixed classes' likelihoods and
 * the push tables, under the parameters the driver fitted meanwhile), and whose posteriors stay for
 * the next iteration's change. Only sums come back to the driver. One fit's; not thread safe.
 */
final class SparkShards implements ShardedEm.Shards {

    private final JavaSparkContext spark;
    private final JavaRDD<FitShard> shards;
    private final Broadcast<DesignFacts> facts;
    private final Consumer<String> progress;
    private JavaRDD<FitShard.EStep> steps;
    private JavaRDD<double[][]> posteriors;
    private JavaRDD<double[][]> previous;
    private int iteration;
    /** The key the E-step's largest change travels under among the annotators' sums. */
    private static final int CHANGE = Integer.MIN_VALUE;

    SparkShards(JavaSparkContext spark, JavaRDD<FitShard> shards, DesignFacts facts, Consumer<String> progress) {
        this.spark = spark;
        this.shards = shards;
        this.facts = spark.broadcast(facts);
        this.progress = progress;
    }

    @Override
    public ShardedEm.EStepSums eStep(ParameterValues values) {
        Broadcast<ParameterValues> v = spark.broadcast(values);
        Broadcast<DesignFacts> f = facts;
        JavaRDD<FitShard.EStep> next = (posteriors == null
                ? shards.map(s -> s.eStep(f.value(), v.value(), null))
                : shards.zipPartitions(posteriors, (Iterator<FitShard> s, Iterator<double[][]> p) ->
                        List.of(s.next().eStep(f.value(), v.value(), p.next())).iterator()))
                .persist(StorageLevel.MEMORY_ONLY());
        // one job: the sums and the largest change; it also writes the last posteriors' local checkpoint
        Map<Integer, double[]> sums = new HashMap<>(OrderedSums.of(next.map(e -> {
            Map<Integer, double[]> m = e.sums();
            m.put(CHANGE, new double[] {e.change()});
            return m;
        }), CHANGE));
        double change = sums.remove(CHANGE)[0];
        release();
        steps = next;
        previous = posteriors;
        posteriors = steps.map(FitShard.EStep::posterior).persist(StorageLevel.MEMORY_AND_DISK_SER());
        // the next E-step reads these, and the chain of iterations must not grow
        posteriors.rdd().localCheckpoint();
        iteration++;
        progress.accept("EM iteration " + iteration + ": largest change of a posterior " + change);
        return new ShardedEm.EStepSums(sums, change);
    }

    @Override
    public Map<Integer, double[]> mixedLogLik(ParameterValues values) {
        Broadcast<ParameterValues> v = spark.broadcast(values);
        return OrderedSums.of(steps.map(e -> e.mixedLogLik(v.value())));
    }

    @Override
    public Map<List<Integer>, double[]> pushTables(ParameterValues values) {
        Broadcast<ParameterValues> v = spark.broadcast(values);
        return OrderedSums.of(steps.map(e -> e.pushTables(v.value())));
    }

    /** Drops the steps before the ones just computed, and the posteriors those read: now checkpointed, they are not read again. */
    private void release() {
        if (steps != null) {
            steps.unpersist(false);
        }
        if (previous != null) {
            previous.unpersist(false);
        }
    }

    /** Drops what the fit kept cached. */
    void close() {
        release();
        if (posteriors != null) {
            posteriors.unpersist(false);
        }
    }
}
