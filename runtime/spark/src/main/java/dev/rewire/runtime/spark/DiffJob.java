package dev.rewire.runtime.spark;

import dev.rewire.runtime.apps.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewire-spark diff}: {@code rewire diff --in} on a cluster ({@link SparkDiff}). */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Score samples under the base (--policy, --deploy) and a candidate, and compare them sample by "
                + "sample, as `rewire diff --in` does, on a cluster.")
final class DiffJob implements Callable<Integer> {

    @CommandLine.Mixin
    SparkJob.Host host;

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
                SparkJob.progress("diff page in " + html);
            }
            if (json != null) {
                try (var out = java.nio.file.Files.newOutputStream(json)) {
                    dev.rewire.runtime.pages.DiffJson.write(summary, crossed, out);
                }
            }
            SparkJob.progress(dev.rewire.runtime.apps.DiffApp.describe(summary));
            if (!crossed.isEmpty()) {
                SparkJob.progress("thresholds crossed: " + String.join("; ", crossed));
                return ExitStatus.DIFF_THRESHOLD;
            }
            return ExitStatus.OK;
        } finally {
            spark.stop();
        }
    }
}
