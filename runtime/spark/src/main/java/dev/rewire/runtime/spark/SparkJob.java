package dev.rewire.runtime.spark;

import dev.rewire.framework.spi.Normalization;
import dev.rewire.runtime.apps.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main class {@code spark-submit} runs ({@code rewire spark} submits it): {@code score},
 * {@code diff} and {@code pairs} with the local commands' options where they apply, the master and
 * the rest of Spark's configuration coming from {@code spark-submit}.
 */
@Command(name = "rewire-spark", mixinStandardHelpOptions = true,
        description = "Rewire's commands as Spark jobs (submitted by `rewire spark`).",
        subcommands = {SparkJob.Score.class, SparkJob.Diff.class, PairsJob.class, SparkJob.Convert.class})
public final class SparkJob {

    public static void main(String[] args) {
        int status = new CommandLine(new SparkJob()).execute(args);
        // spark-submit's JVM keeps non-daemon threads of Spark's; the status must reach the shell
        System.exit(status);
    }

    /** Options of the host every job starts on its executors. */
    static final class Host {
        @Option(names = "--home", paramLabel = "DIR", description = "The Rewire distribution (system/, bundles/, policy/). "
                + "Default: -Drewire.home, else REWIRE_HOME.")
        Path home;

        @Option(names = "--policy", paramLabel = "DIR", description = "Policy folder (default: the distribution's policy/).")
        Path policy;

        @Option(names = "--deploy", paramLabel = "DIR", description = "Further bundle jars and .cfg files, shipped with the job.")
        Path deploy;

        @Option(names = "--normalize", paramLabel = "MODE", defaultValue = "mean_std",
                description = "Advantage normalization within a group: none, mean, mean_std (default: ${DEFAULT-VALUE}).")
        String normalize;

        @Option(names = "--epsilon", paramLabel = "E", defaultValue = "1e-6")
        double epsilon;

        @Option(names = "--clip-min", paramLabel = "X", defaultValue = "-Infinity")
        double clipMin;

        @Option(names = "--clip-max", paramLabel = "X", defaultValue = "Infinity")
        double clipMax;

        @Option(names = "--term-timeout-ms", paramLabel = "MS", defaultValue = "5000")
        long termTimeoutMillis;

        @Option(names = "--min-check-samples", paramLabel = "N", defaultValue = "30")
        int minCheckSamples;

        JobSettings settings() {
            return new JobSettings(Normalization.valueOf(normalize.toUpperCase(java.util.Locale.ROOT)), epsilon, clipMin,
                    clipMax, termTimeoutMillis, minCheckSamples);
        }

        Path home() {
            Path h = home != null ? home : System.getProperty("rewire.home") != null ? Path.of(System.getProperty("rewire.home"))
                    : System.getenv("REWIRE_HOME") != null ? Path.of(System.getenv("REWIRE_HOME")) : null;
            if (h == null || !Files.isDirectory(h.resolve("bundles"))) {
                throw new IllegalArgumentException("--home: no Rewire distribution at " + h
                        + " (give --home, -Drewire.home or REWIRE_HOME: the folder with system/, bundles/, policy/)");
            }
            return h;
        }

        HostShipment shipment() {
            Path h = home();
            return HostShipment.read(h, policy != null ? policy : h.resolve("policy"), deploy);
        }
    }

    /** How a job prints what the driver does: one line each, on stderr. */
    static void progress(String line) {
        System.err.println("rewire: " + line);
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Score samples under the base (--policy, --deploy) and a candidate, and compare them sample by "
                    + "sample, as `rewire diff --in` does, on a cluster.")
    static final class Diff implements Callable<Integer> {

        @CommandLine.Mixin
        Host host;

        @Option(names = "--in", required = true, paramLabel = "PATH", description = "Samples: a JSONL or Parquet file or folder.")
        String in;

        @Option(names = "--candidate-policy", paramLabel = "DIR", description = "The candidate's policy folder (default: the base's).")
        Path candidatePolicy;

        @Option(names = "--candidate-deploy", paramLabel = "DIR", description = "The candidate's deploy folder (default: the base's).")
        Path candidateDeploy;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256")
        int batchSize;

        @Option(names = "--batches-per-partition", paramLabel = "N", defaultValue = "64")
        int batchesPerPartition;

        @Option(names = "--keep-scored", paramLabel = "PATH",
                description = "Keep both sides' records: PATH/base.jsonl and PATH/candidate.jsonl (any path Spark writes).")
        String keepScored;

        @Option(names = "--report", paramLabel = "FILE.html", description = "The diff as a self-contained HTML page.")
        Path html;

        @Option(names = "--report-json", paramLabel = "FILE.json", description = "The diff as JSON.")
        Path json;

        @Option(names = "--top", paramLabel = "N", defaultValue = "20")
        int top;

        @Option(names = "--fail-if", paramLabel = "METRIC>X", description = "Exit 6 when the diff crosses it (as rewire diff).")
        java.util.List<String> failIf = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (candidatePolicy == null && candidateDeploy == null) {
                throw new IllegalArgumentException("diff needs a candidate: --candidate-policy DIR and/or --candidate-deploy DIR");
            }
            var thresholds = failIf.stream().map(dev.rewire.runtime.engine.diff.FailIf::parse).toList();
            Path h = host.home();
            Path basePolicy = host.policy != null ? host.policy : h.resolve("policy");
            HostShipment base = HostShipment.read(h, basePolicy, host.deploy);
            HostShipment candidate = HostShipment.read(h, candidatePolicy != null ? candidatePolicy : basePolicy,
                    candidateDeploy != null ? candidateDeploy : host.deploy);
            SparkScore.Options options = new SparkScore.Options(host.settings(), batchSize, 0, batchesPerPartition);
            SparkSession spark = SparkSession.builder().appName("rewire diff").getOrCreate();
            try {
                SparkDiff.Result result = SparkDiff.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                        Datasets.lines(spark, in), base, candidate, options, top, SparkJob::progress);
                if (keepScored != null) {
                    String folder = keepScored.replaceAll("/+$", "");
                    Datasets.write(spark, result.base().records(), folder + "/base.jsonl", null);
                    Datasets.write(spark, result.candidate().records(), folder + "/candidate.jsonl", null);
                }
                var summary = result.summary();
                java.util.List<String> crossed = dev.rewire.runtime.engine.diff.FailIf.crossed(thresholds, summary);
                if (html != null) {
                    dev.rewire.runtime.pages.DiffHtml.write(summary, crossed, html);
                    progress("diff page in " + html);
                }
                if (json != null) {
                    try (var out = java.nio.file.Files.newOutputStream(json)) {
                        dev.rewire.runtime.pages.DiffJson.write(summary, crossed, out);
                    }
                }
                progress(dev.rewire.runtime.apps.DiffApp.describe(summary));
                if (!crossed.isEmpty()) {
                    progress("thresholds crossed: " + String.join("; ", crossed));
                    return ExitStatus.DIFF_THRESHOLD;
                }
                return ExitStatus.OK;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Score samples (JSONL or Parquet) into reward records, as `rewire score` does, on a cluster.")
    static final class Score implements Callable<Integer> {

        @CommandLine.Mixin
        Host host;

        @Option(names = "--in", required = true, paramLabel = "PATH", description = "Samples: a JSONL or Parquet file or folder.")
        String in;

        @Option(names = "--out", required = true, paramLabel = "PATH",
                description = "Reward records: one file, or a folder of parts when PATH ends in / or is a folder; "
                        + ".parquet writes Parquet.")
        String out;

        @Option(names = "--rejects", paramLabel = "PATH", description = "Rejected lines (default: beside --out).")
        String rejects;

        @Option(names = "--stats", paramLabel = "FILE", description = "The run's summary as JSON (a local file).")
        Path stats;

        @Option(names = "--report", paramLabel = "FILE.html", description = "The report rewire score --report writes "
                + "(the driver reads the records once more for it).")
        Path report;

        @Option(names = "--report-json", paramLabel = "FILE.json", description = "The report's numbers as JSON.")
        Path reportJson;

        @Option(names = "--run-check-timeout-ms", paramLabel = "MS", defaultValue = "600000",
                description = "Deadline of one check over the whole run, for a report (default: ${DEFAULT-VALUE}).")
        long runCheckTimeoutMillis;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256")
        int batchSize;

        @Option(names = "--group-size", paramLabel = "N", defaultValue = "0")
        int groupSize;

        @Option(names = "--batches-per-partition", paramLabel = "N", defaultValue = "64",
                description = "Consecutive batches one task scores (default: ${DEFAULT-VALUE}).")
        int batchesPerPartition;

        @Override
        public Integer call() throws Exception {
            SparkScore.Options options = new SparkScore.Options(host.settings(), batchSize, groupSize, batchesPerPartition);
            HostShipment shipment = host.shipment();
            SparkSession spark = SparkSession.builder().appName("rewire score").getOrCreate();
            try {
                long t0 = System.nanoTime();
                SparkScore.Result result = SparkScore.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                        Datasets.lines(spark, in), shipment, options, SparkJob::progress);
                Datasets.write(spark, result.records(), out, lines -> RewireSpark.rows(spark, lines));
                String rejectsAt = rejects != null ? rejects : out.replaceAll("/+$", "").replaceAll("\\.(jsonl|parquet)$", "")
                        + ".rejects.jsonl";
                if (result.summary().rejected() > 0) {
                    Datasets.write(spark, result.rejects(), rejectsAt, null);
                    System.err.println("rewire: rejected records are in " + rejectsAt);
                }
                if (report != null || reportJson != null) {
                    dev.rewire.runtime.pages.Report r = SparkReport.collect(result, shipment, options.settings(),
                            java.time.Duration.ofMillis(runCheckTimeoutMillis), SparkJob::progress);
                    if (report != null) {
                        dev.rewire.runtime.pages.HtmlReport.write(r, report);
                        progress("report in " + report);
                    }
                    if (reportJson != null) {
                        dev.rewire.runtime.pages.ReportJson.write(r, reportJson);
                    }
                }
                System.err.printf(java.util.Locale.ROOT, "rewire: %s; wall %.2f s%n", result.summary().describe(),
                        (System.nanoTime() - t0) / 1e9);
                if (stats != null) {
                    dev.rewire.runtime.io.StatsFile.write(java.util.Map.of("run", result.summary()), stats);
                }
                if (result.summary().blockedBy() != null) {
                    System.err.println("rewire: stopped: " + result.summary().blockedBy());
                    return ExitStatus.BLOCKED;
                }
                return result.summary().rejected() > 0 ? ExitStatus.REJECTED : ExitStatus.OK;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Rewrite JSONL samples or pairs as Parquet (or Parquet as JSONL), the columns inferred by Spark's "
                    + "JSON reader: a way to try the Parquet path on data you have as JSONL.")
    static final class Convert implements Callable<Integer> {

        @Option(names = "--in", required = true, paramLabel = "PATH")
        String in;

        @Option(names = "--out", required = true, paramLabel = "PATH", description = "Parquet when it ends in .parquet.")
        String out;

        @Option(names = "--home", hidden = true, description = "Given by the launcher to every command; unused here.")
        Path home;

        @Override
        public Integer call() {
            SparkSession spark = SparkSession.builder().appName("rewire convert").getOrCreate();
            try {
                JavaRDD<String> lines = Datasets.lines(spark, in).lines().filter(l -> !l.isBlank());
                Datasets.write(spark, lines, out, l -> spark.read().json(spark.createDataset(l.rdd(),
                        org.apache.spark.sql.Encoders.STRING())));
                return ExitStatus.OK;
            } finally {
                spark.stop();
            }
        }
    }
}
