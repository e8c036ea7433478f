package dev.rewire.runtime.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rewire from a notebook or a Spark application of your own: score a DataFrame of samples (any
 * columns a JSONL sample has, nested ones included: veRL's {@code reward_model.ground_truth},
 * {@code extra_info}) and get a DataFrame of reward records.
 *
 * <pre>{@code
 * Dataset<Row> samples = spark.read().parquet("s3://bucket/rollouts/2026-11/");
 * RewireSpark.Scored scored = RewireSpark.score(samples, Path.of("/opt/rewire"), Path.of("policy"), null);
 * scored.records().groupBy("batch").avg("reward").show();
 * }</pre>
 *
 * <p>The records' schema ({@link #RECORDS}): {@code id} string, {@code prompt_id} string,
 * {@code batch} long, {@code reward} double, {@code advantage} double (null for a sample outside any
 * group statistics), and {@code record} string: the whole reward record as JSON, exactly the line
 * {@code rewire score} writes (terms, weights, the rules behind each weight, provenance).
 */
public final class RewireSpark {

    /** The schema of scored records. */
    public static final StructType RECORDS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("prompt_id", DataTypes.StringType, true)
            .add("batch", DataTypes.LongType, false)
            .add("reward", DataTypes.DoubleType, true)
            .add("advantage", DataTypes.DoubleType, true)
            .add("record", DataTypes.StringType, false);

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
                samples.toJSON().javaRDD(), shipment, options, progress);
        return new Scored(rows(spark, result.records()), result.rejects(), result.summary());
    }

    /** Reward records (JSON lines) as rows of {@link #RECORDS}. */
    public static Dataset<Row> rows(SparkSession spark, JavaRDD<String> records) {
        JavaRDD<Row> rows = records.map(RewireSpark::row);
        return spark.createDataFrame(rows, RECORDS);
    }

    private static Row row(String line) throws java.io.IOException {
        JsonNode r = RewireJson.mapper().readTree(line);
        return RowFactory.create(r.path("id").asText(), r.hasNonNull("prompt_id") ? r.get("prompt_id").asText() : null,
                r.path("batch").asLong(), number(r.get("reward")), number(r.get("advantage")), line);
    }

    private static Double number(JsonNode n) {
        return n == null || n.isNull() ? null : n.isNumber() ? n.doubleValue() : Double.valueOf(n.asText());
    }
}
