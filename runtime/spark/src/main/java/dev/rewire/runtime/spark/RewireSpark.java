package dev.rewire.runtime.spark;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Rewire from a notebook or a Spark application of your own: score a DataFrame of samples (any
 * columns a JSONL sample has, nested ones included: veRL's {@code reward_model.ground_truth},
 * {@code extra_info}) and get a DataFrame of reward records.
 *
 * <pre>{@code
 * Dataset<Row> samples = spark.read().parquet("s3://bucket/rollouts/2026-11/");
 * RewireSpark.Scored scored = RewireSpark.score(samples, Path.of("/opt/rewire"), Path.of("policy"), null);
 * scored.records().groupBy("observed.domain").avg("reward").show();
 * }</pre>
 *
 * <p>The records' schema is {@link #RECORDS}: the columns of {@code rewire score --out x.parquet}
 * (typed id, prompt, batch, reward and advantage; the group, terms with their weights and the rules
 * behind each, the policy's rules, the verdict and what was observed as nested columns; the
 * provenance as JSON text).
 */
public final class RewireSpark {

    /**
     * The schema of scored records: the columns {@code rewire score --out x.parquet} writes
     * (docs/trainer-integration.md, Parquet), so either side reads the other's files; the provenance,
     * whose configuration values may be of any JSON type, is its JSON text.
     */
    public static final StructType RECORDS = StructType.fromDDL("id STRING NOT NULL, prompt_id STRING NOT NULL, "
            + "batch BIGINT NOT NULL, reward DOUBLE NOT NULL, advantage DOUBLE NOT NULL, "
            + "`group` STRUCT<size: INT, complete: BOOLEAN, expected: INT>, "
            + "terms MAP<STRING, STRUCT<value: DOUBLE, weight: DOUBLE, abstained: STRING, rules: ARRAY<STRING>, "
            + "explanation: MAP<STRING, STRING>>>, rules ARRAY<STRING>, verdict STRING, "
            + "observed STRUCT<domain: STRING, source: STRING, length: INT, confidence: DOUBLE, correct: BOOLEAN, "
            + "approved: BOOLEAN>, provenance STRING");

    private RewireSpark() {
    }

    /**
     * A scored DataFrame.
     *
     * @param records one row per record ({@link #RECORDS}), in the order {@code rewire score} writes them
     * @param rejects the rejects-file lines (one JSON object each: line or row, id, error, record)
     */
    public record Scored(Dataset<Row> records, JavaRDD<String> rejects, SparkScore.Summary summary) {
    }

    /**
     * Scores {@code samples} with a distribution's bundles ({@code home}: the folder {@code ./rewire}
     * runs from), the policy folder {@code policy} (null: the distribution's) and an optional deploy
     * folder of further bundle jars and {@code .cfg} files (null: none), under the default options.
     */
    public static Scored score(Dataset<Row> samples, Path home, Path policy, Path deploy) {
        return score(samples, HostShipment.read(home, policy == null ? home.resolve("policy") : policy, deploy),
                SparkScore.Options.defaults(), line -> { });
    }

    /** Scores {@code samples} with a shipped host and these options; {@code progress} hears what the driver does. */
    public static Scored score(Dataset<Row> samples, HostShipment shipment, SparkScore.Options options,
                               Consumer<String> progress) {
        SparkSession spark = samples.sparkSession();
        SparkScore.Result result = SparkScore.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                new Datasets.Input(samples.toJSON().javaRDD(), "row"), shipment, options, progress);
        return new Scored(rows(spark, result.records()), result.rejects(), result.summary());
    }

    /** Reward records (JSON lines) as rows of {@link #RECORDS}: a record that does not fit them fails the job. */
    public static Dataset<Row> rows(SparkSession spark, JavaRDD<String> records) {
        return spark.read().schema(RECORDS).option("mode", "FAILFAST")
                .json(spark.createDataset(records.rdd(), Encoders.STRING()));
    }
}
