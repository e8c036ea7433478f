package dev.rewire.runtime.spark;

import dev.rewire.runtime.apps.ExitStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewire-spark score}: {@code rewire score} on a cluster ({@link SparkScore}), with its options where they apply. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score samples (JSONL or Parquet) into reward records, as `rewire score` does, on a cluster.")
final class ScoreJob implements Callable<Integer> {

    @CommandLine.Mixin
    SparkJob.Host host;

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
            String rejectsAt = rejects != null ? rejects : Datasets.rejectsBeside(out);
            if (result.summary().rejected() > 0) {
                Datasets.write(spark, result.rejects(), rejectsAt, null);
                SparkJob.progress("rejected records are in " + rejectsAt);
            }
            if (report != null || reportJson != null) {
                dev.rewire.runtime.pages.Report r = SparkReport.collect(result, shipment, options.settings(),
                        java.time.Duration.ofMillis(runCheckTimeoutMillis), SparkJob::progress);
                if (report != null) {
                    dev.rewire.runtime.pages.HtmlReport.write(r, report);
                    SparkJob.progress("report in " + report);
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
