package dev.rewire.runtime.spark;

import dev.rewire.runtime.apps.ExitStatus;
import dev.rewire.runtime.engine.FilterStage;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import dev.rewire.runtime.spark.pairs.PairsHosts;
import dev.rewire.runtime.spark.pairs.SparkPairs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rewire-spark pairs}: {@code rewire pairs} on a cluster ({@link SparkPairs}), with the local
 * command's dataset options. Its report is the run's counts ({@code --report-json}); the design
 * report, the agreement and the per-annotator table of the local command are not computed here.
 */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "Weigh preference pairs (JSONL or Parquet) into a weighted dataset, as `rewire pairs` does, "
                + "on a cluster.")
public final class PairsJob implements Callable<Integer> {

    /** The schema of a Parquet dataset: one row per pair, {@code line} the JSON line the JSONL dataset has. */
    public static final StructType DATASET = new StructType().add("line", DataTypes.StringType, false);

    @CommandLine.Mixin
    SparkJob.Host host;

    @Option(names = "--in", required = true, paramLabel = "PATH", description = "Pairs: a JSONL or Parquet file or folder.")
    String in;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "The weighted dataset: one file, or a folder of parts when PATH ends in / or is a folder "
                    + "(JSONL; a .parquet name writes Parquet rows of one string column, line: each the JSON line).")
    String out;

    @Option(names = "--rejects", paramLabel = "PATH", description = "Rejected lines (default: beside --out).")
    String rejects;

    @Option(names = "--report-json", paramLabel = "FILE", description = "The run's counts as JSON (a local file).")
    Path reportJson;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions for the filters and the fit (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--format", paramLabel = "rewire|trl-reward|trl-dpo", defaultValue = "rewire",
            description = "Columns of --out, as `rewire pairs --format`.")
    String format;

    @Option(names = "--min-weight", paramLabel = "W", defaultValue = "0", description = "Leave out pairs weighted below W.")
    double minWeight;

    @Option(names = "--keep-unweighted", description = "With --format trl-reward or trl-dpo, keep pairs of weight 0.")
    boolean keepUnweighted;

    @Option(names = "--template", paramLabel = "chat|plain", defaultValue = "chat", description = "TRL formats' layout.")
    String template;

    @Option(names = "--separator", paramLabel = "TEXT", defaultValue = "\n\n",
            description = "With --template plain, what ends the prompt (\\n and \\t are read as newline and tab).")
    String separator;

    @Override
    public Integer call() throws Exception {
        JobSettings settings = host.settings();
        Hosts hosts = new Hosts(host.shipment(), settings);
        SparkSession spark = SparkSession.builder().appName("rewire pairs").getOrCreate();
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            SparkPairs.Options options = new SparkPairs.Options(partitions > 0 ? partitions : context.defaultParallelism(),
                    format, minWeight, keepUnweighted, template, separator.replace("\\n", "\n").replace("\\t", "\t"));
            long t0 = System.nanoTime();
            SparkPairs.Result result = SparkPairs.run(context, Datasets.lines(spark, in), hosts, options,
                    SparkJob::progress);
            Datasets.write(spark, result.pairs(), out,
                    lines -> spark.createDataFrame(lines.map(l -> RowFactory.create(l)), DATASET));
            String rejectsAt = rejects != null ? rejects : Datasets.rejectsBeside(out);
            if (result.summary().rejected() > 0) {
                Datasets.write(spark, result.rejects(), rejectsAt, null);
                SparkJob.progress("rejected records are in " + rejectsAt);
            }
            System.err.printf(Locale.ROOT, "rewire: %s; wall %.2f s%n", result.summary().describe(),
                    (System.nanoTime() - t0) / 1e9);
            if (reportJson != null) {
                dev.rewire.runtime.io.StatsFile.write(Map.of("run", result.summary()), reportJson);
            }
            return result.summary().rejected() > 0 ? ExitStatus.REJECTED : ExitStatus.OK;
        } finally {
            spark.stop();
        }
    }

    /** Executors' hosts for the pairs job: the shipped host, pooled per task slot ({@link ExecutorHosts}). */
    public static final class Hosts implements PairsHosts {

        private static final long serialVersionUID = 1L;
        private final HostShipment shipment;
        private final JobSettings settings;

        public Hosts(HostShipment shipment, JobSettings settings) {
            this.shipment = shipment;
            this.settings = settings;
        }

        @Override
        public Lease borrow() {
            ExecutorHosts.Host h = ExecutorHosts.borrow(shipment, settings);
            return new Lease() {
                @Override
                public FilterStage filters() {
                    return new FilterStage(h.runtime.services().filters(), h.runtime.calls(),
                            Duration.ofMillis(settings.termTimeoutMillis()), SparkJob::progress);
                }

                @Override
                public CompiledPolicy policy() {
                    return h.runtime.policy().current();
                }

                @Override
                public void close() {
                    ExecutorHosts.giveBack(h);
                }
            };
        }
    }
}
