package dev.rewire.runtime.spark.pairs;

import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.SignalOutcome;
import dev.rewire.framework.record.WeightedPair;
import dev.rewire.runtime.engine.pairs.DesignFacts;
import dev.rewire.runtime.engine.pairs.FitShard;
import dev.rewire.runtime.engine.pairs.ShardedEm;
import dev.rewire.runtime.io.DatasetWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code rewire pairs} as Spark jobs over lines (JSONL lines, or Parquet rows as JSON objects) in
 * input order, for inputs no one machine holds: pairs decoded and rejected where they are read;
 * each annotator's signals gathered into one partition for the filters (which pool per
 * annotator); pairs gathered whole, in consecutive ranges, with their evidence, and coded into the
 * type model's shards; the EM fit driven by {@link ShardedEm}, each iteration three jobs over the
 * cached shards whose sums alone reach the driver; then each shard's pairs weighed on an executor
 * (last pair step, the policy's classification) and written by Spark. The driver holds the
 * annotators' parameters and sums, never the pairs. Verdicts and weights equal a local run's on
 * the same input (sums added in another order may differ in the last bits, see {@link ShardedEm}).
 */
public final class SparkPairs {

    /**
     * The job's partitioning and the dataset's format and filtering, as the local command's options
     * name them. No sampling by weight: its draws follow one machine's order of the pairs.
     *
     * @param partitions partitions for the filters (annotators hashed) and the fit (pairs in consecutive ranges)
     */
    public record Options(int partitions, String format, double minWeight, boolean keepUnweighted, String template,
                          String separator) implements Serializable {

        public Options {
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
            }
            writer(format, minWeight, keepUnweighted, template, separator); // refuses what the local command refuses
        }

        /** The local command's defaults, with this many partitions. */
        public static Options defaults(int partitions) {
            return new Options(partitions, "rewire", 0, false, "chat", "\n\n");
        }

        DatasetWriter writer() {
            return writer(format, minWeight, keepUnweighted, template, separator);
        }

        private static DatasetWriter writer(String format, double minWeight, boolean keepUnweighted, String template,
                                            String separator) {
            return new DatasetWriter(DatasetWriter.Format.ofOption(format), minWeight, keepUnweighted,
                    DatasetWriter.Sampling.NONE, null, DatasetWriter.Template.ofOption(template), separator);
        }
    }

    /**
     * A weighed input: the dataset and rejects (lazy: written by the caller), and the counts.
     *
     * @param pairs   the weighted dataset as the local command writes its lines, in input order
     * @param rejects the rejects-file lines, in line order
     */
    public record Result(JavaRDD<String> pairs, JavaRDD<String> rejects, Summary summary) {
    }

    /**
     * @param verdicts how many signals got each verdict, every verdict listed
     * @param written  the dataset's rows
     * @param weighted pairs with a weight above 0
     */
    public record Summary(long linesIn, long pairsIn, long rejected, int annotators, int iterations, int partitions,
                          Map<String, Long> verdicts, long written, long weighted, long droppedUnweighted,
                          long droppedBelowMin) implements Serializable {

        public String describe() {
            return pairsIn + " pairs in, " + written + " written (" + weighted + " with weight > 0), " + rejected
                    + " rejected; " + annotators + " annotators; EM " + iterations + " iterations over " + partitions
                    + " partitions; signals by verdict " + dev.rewire.runtime.engine.pairs.DesignReport.counts(verdicts);
        }
    }

    /** What one weighed partition yields: a dataset line, or (last) the partition's counts. */
    private record Weighed(String line, long[] counts) implements Serializable {
    }

    private SparkPairs() {
    }

    /** Weighs {@code lines} (in input order; numbered from 1) with the hosts' filters and policy. */
    public static Result run(JavaSparkContext spark, dev.rewire.runtime.spark.Datasets.Input input, PairsHosts hosts,
                             Options o, Consumer<String> progress) {
        String unit = input.unit();
        JavaRDD<PairLine> decoded = withoutDuplicates(spark, input.lines().zipWithIndex()
                .map(t -> PairLine.decode(t._1(), t._2() + 1, unit))
                .filter(l -> l != null), unit)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        long linesIn = decoded.count();
        JavaPairRDD<String, Long> pairs = decoded.filter(PairLine::valid).map(PairLine::text).zipWithIndex();
        long pairCount = pairs.count();
        progress.accept(linesIn + " lines read, " + pairCount + " pairs");

        TreeSet<String> framings = new TreeSet<>(pairs.flatMap(t -> FitShard.framingNames(
                FitShard.signals(List.of(PairLine.pair(t._1())))).iterator()).distinct().collect());
        JavaPairRDD<PairPart.Key, PairPart> evidence = pairs
                .flatMapToPair(t -> signalsOf(t._1(), t._2()).iterator())
                .repartitionAndSortWithinPartitions(new AnnotatorPartitioner(o.partitions()))
                .mapPartitionsToPair(new AnnotatorFilters(hosts, framings.size() >= 2));
        JavaRDD<ShardInput> inputs = pairs
                .mapToPair(t -> new Tuple2<>(new PairPart.Key(t._2(), -1), new PairPart(t._1(), null)))
                .union(evidence)
                .repartitionAndSortWithinPartitions(new PairRangePartitioner(o.partitions(), pairCount))
                .mapPartitions(parts -> List.of(ShardInput.gather(parts)).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());

        List<String> annotators = inputs.flatMap(in -> FitShard.signals(in.pairs()).stream()
                .map(PairSignal::annotator).iterator()).distinct().collect();
        annotators = new ArrayList<>(annotators);
        annotators.sort(FitShard.ANNOTATOR_ORDER);
        HashMap<String, Integer> annotatorIndex = new HashMap<>();
        annotators.forEach(a -> annotatorIndex.put(a, annotatorIndex.size()));
        TreeSet<String> cues = new TreeSet<>(inputs.flatMap(in -> FitShard.cueNames(FitShard.signals(in.pairs()),
                in.evidenceOf()).iterator()).distinct().collect());
        TreeMap<String, String> bundles = inputs.map(ShardInput::bundles).fold(new TreeMap<>(), (a, b) -> {
            TreeMap<String, String> m = new TreeMap<>(a);
            m.putAll(b);
            return m;
        });
        progress.accept(annotators.size() + " annotators, framings " + framings + ", cues " + cues);

        Broadcast<HashMap<String, Integer>> index = spark.broadcast(annotatorIndex);
        Broadcast<ArrayList<String>> framingList = spark.broadcast(new ArrayList<>(framings));
        Broadcast<ArrayList<String>> cueList = spark.broadcast(new ArrayList<>(cues));
        JavaRDD<FitShard> shards = inputs.map(in -> FitShard.code(in.pairs(), in.evidenceOf(), index.value(),
                framingList.value(), cueList.value())).persist(StorageLevel.MEMORY_AND_DISK_SER());
        int annotatorCount = annotators.size();
        int framingCount = framings.size();
        int cueCount = cues.size();
        DesignFacts facts = shards.map(s -> s.facts(annotatorCount, framingCount, cueCount))
                .reduce(DesignFacts::merge);

        SparkShards fitShards = new SparkShards(spark, shards, facts, progress);
        ShardedEm.Result fit;
        try {
            fit = new ShardedEm(facts).fit(fitShards);
        } finally {
            fitShards.close();
        }
        progress.accept("EM converged after " + fit.iterations() + " iterations");

        Broadcast<ShardedEm.Result> fitted = spark.broadcast(fit);
        Broadcast<DesignFacts> design = spark.broadcast(facts);
        Broadcast<TreeMap<String, String>> versions = spark.broadcast(bundles);
        Options options = o;
        JavaRDD<Weighed> weighed = inputs.zipPartitions(shards, (ins, ss) -> {
            ShardInput in = ins.next();
            FitShard shard = ss.next();
            if (in.size() == 0) {
                return List.of(new Weighed(null, new long[Verdict.values().length + 4])).iterator();
            }
            try (PairsHosts.Lease host = hosts.borrow()) {
                List<WeightedPair> out = shard.weigh(in.pairs(), in.evidenceOf(), index.value(), design.value(),
                        fitted.value(), host.policy(), new Provenance(versions.value(), host.policy().sha256(), null));
                return write(out, options.writer()).iterator();
            }
        }).persist(StorageLevel.MEMORY_AND_DISK_SER());
        long[] counts = weighed.filter(w -> w.counts() != null).map(Weighed::counts)
                .fold(new long[Verdict.values().length + 4], SparkPairs::plus);
        JavaRDD<String> dataset = weighed.filter(w -> w.line() != null).map(Weighed::line);
        JavaRDD<String> rejects = decoded.filter(l -> !l.valid()).sortBy(PairLine::line, true, 1)
                .map(PairLine::rejected);
        long rejected = rejects.count();
        Map<String, Long> verdicts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            verdicts.put(v.name(), counts[v.ordinal()]);
        }
        int base = Verdict.values().length;
        return new Result(dataset, rejects, new Summary(linesIn, pairCount, rejected, annotatorCount,
                fit.iterations(), o.partitions(), verdicts, counts[base], counts[base + 1], counts[base + 2],
                counts[base + 3]));
    }

    /**
     * The lines with the ids of later lines that repeat an earlier line's id rejected, as {@code
     * rewire pairs} rejects them (it reads the whole input, so every repeat is found). Only the
     * repeated ids come to the driver.
     */
    private static JavaRDD<PairLine> withoutDuplicates(JavaSparkContext spark, JavaRDD<PairLine> lines, String unit) {
        Map<String, Long> repeated = new HashMap<>(lines.filter(PairLine::valid)
                .mapToPair(l -> new Tuple2<>(l.id(), new long[] {l.line(), 1}))
                .reduceByKey((a, b) -> new long[] {Math.min(a[0], b[0]), a[1] + b[1]})
                .filter(t -> t._2()[1] > 1)
                .mapValues(v -> v[0])
                .collectAsMap());
        if (repeated.isEmpty()) {
            return lines;
        }
        Broadcast<Map<String, Long>> first = spark.broadcast(repeated);
        return lines.map(l -> l.valid() && first.value().containsKey(l.id()) && first.value().get(l.id()) != l.line()
                ? l.duplicateOf(first.value().get(l.id()), unit) : l);
    }

    /** Each signal of the pair, keyed for its annotator's partition, with the pair's text. */
    private static List<Tuple2<SignalKey, String>> signalsOf(String text, long pair) {
        List<PairSignal> signals = FitShard.signals(List.of(PairLine.pair(text)));
        List<Tuple2<SignalKey, String>> out = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            out.add(new Tuple2<>(new SignalKey(signals.get(i).annotator(), pair, i), text));
        }
        return out;
    }

    /** A partition's weighted pairs as the dataset's lines, then its counts (verdicts, written, weighted, dropped). */
    private static List<Weighed> write(List<WeightedPair> pairs, DatasetWriter writer) {
        StringWriter text = new StringWriter();
        DatasetWriter.Summary summary;
        try {
            summary = writer.write(pairs, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Weighed> out = new ArrayList<>();
        String all = text.toString();
        for (String line : all.isEmpty() ? new String[0] : all.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.add(new Weighed(line, null));
            }
        }
        int base = Verdict.values().length;
        long[] counts = new long[base + 4];
        for (WeightedPair p : pairs) {
            for (SignalOutcome s : p.signals()) {
                if (s.verdict() != null) {
                    counts[s.verdict().ordinal()]++;
                }
            }
            counts[base + 1] += p.weight() > 0 ? 1 : 0;
        }
        counts[base] = summary.written();
        counts[base + 2] = summary.droppedUnweighted();
        counts[base + 3] = summary.droppedBelowMin();
        out.add(new Weighed(null, counts));
        return out;
    }

    private static long[] plus(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }
}
