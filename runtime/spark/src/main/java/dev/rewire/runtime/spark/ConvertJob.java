package dev.rewire.runtime.spark;

import dev.rewire.runtime.apps.ExitStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewire-spark convert}: JSONL to Parquet and back, through Spark's JSON reader. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Rewrite JSONL samples or pairs as Parquet (or Parquet as JSONL), the columns inferred by Spark's "
                + "JSON reader: a way to try the Parquet path on data you have as JSONL.")
final class ConvertJob implements Callable<Integer> {

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
