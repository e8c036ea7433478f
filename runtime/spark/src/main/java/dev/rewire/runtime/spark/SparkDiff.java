package dev.rewire.runtime.spark;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.diff.DiffSummary;
import dev.rewire.runtime.engine.diff.PolicyDiff;
import dev.rewire.runtime.io.ScoredRecordReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * {@code rewire diff} as a Spark job: the input scored under the base and under the candidate
 * (each a {@link SparkScore} run with its own shipped host), the two sides' records paired by id
 * on the executors, and the pairs streamed to the driver in the base side's order, a prompt's group
 * at a time, through the same {@link PolicyDiff} the local command folds them into. So the figures
 * are the local command's to the last bit (the same sums in the same order), and the driver holds
 * one group and the accumulators, never the records.
 */
public final class SparkDiff {

    /** Both sides scored, and the diff. */
    public record Result(SparkScore.Result base, SparkScore.Result candidate, DiffSummary summary) {
    }

    private SparkDiff() {
    }

    public static Result run(JavaSparkContext spark, Datasets.Input in, HostShipment base, HostShipment candidate,
                             SparkScore.Options options, int top, Consumer<String> progress) {
        JavaRDD<String> lines = in.lines().cache();
        Datasets.Input input = new Datasets.Input(lines, in.unit());
        SparkScore.Result b = SparkScore.run(spark, input, base, options, line -> progress.accept("base: " + line));
        SparkScore.Result c = SparkScore.run(spark, input, candidate, options, line -> progress.accept("candidate: " + line));
        lines.unpersist(false);
        PolicyDiff diff = new PolicyDiff(top);
        // base records keep their place; each candidate record is keyed by the id it answers
        JavaPairRDD<String, Tuple2<Long, String>> baseById = b.records().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(idOf(t._1()), new Tuple2<>(t._2(), t._1())));
        JavaPairRDD<String, String> candidateById = c.records().mapToPair(r -> new Tuple2<>(idOf(r), r));
        JavaPairRDD<Long, Tuple2<String, String>> paired = baseById.leftOuterJoin(candidateById)
                .mapToPair(t -> new Tuple2<>(t._2()._1()._1(), new Tuple2<>(t._2()._1()._2(), t._2()._2().orElse(null))))
                .sortByKey();
        fold(diff, paired.values().toLocalIterator());
        // the candidate's samples the base never wrote are counted as local diff counts them
        List<RewardRecord> candidateOnly = new ArrayList<>();
        for (Iterator<String> it = candidateById.subtractByKey(baseById).values().toLocalIterator(); it.hasNext(); ) {
            candidateOnly.add(ScoredRecordReader.scoreRecord(it.next()));
        }
        if (!candidateOnly.isEmpty()) {
            diff.compare(List.of(), candidateOnly);
        }
        return new Result(b, c, diff.summary());
    }

    /** Feeds the pairs, in base order, to the diff one prompt group at a time. */
    private static void fold(PolicyDiff diff, Iterator<Tuple2<String, String>> pairs) {
        List<RewardRecord> baseGroup = new ArrayList<>();
        List<RewardRecord> candidateGroup = new ArrayList<>();
        String prompt = null;
        while (pairs.hasNext()) {
            Tuple2<String, String> p = pairs.next();
            RewardRecord b = ScoredRecordReader.scoreRecord(p._1());
            if (prompt != null && !Objects.equals(prompt, b.promptId())) {
                diff.compare(baseGroup, candidateGroup);
                baseGroup.clear();
                candidateGroup.clear();
            }
            prompt = b.promptId();
            baseGroup.add(b);
            if (p._2() != null) {
                candidateGroup.add(ScoredRecordReader.scoreRecord(p._2()));
            }
        }
        if (!baseGroup.isEmpty()) {
            diff.compare(baseGroup, candidateGroup);
        }
    }

    /** A record's id, read without decoding the rest of it (every record of both sides passes here). */
    private static String idOf(String record) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser p = dev.rewire.framework.json.RewireJson.mapper().getFactory()
                .createParser(record)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("id".equals(name)) {
                    return p.getText();
                }
                p.skipChildren();
            }
        }
        throw new IllegalArgumentException("a scored record without an id: " + record);
    }
}
