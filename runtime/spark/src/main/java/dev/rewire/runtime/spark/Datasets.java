package dev.rewire.runtime.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Reading and writing a job's data where Spark can reach it (local paths, HDFS, S3, ...): JSONL or
 * Parquet, told by the name's extension ({@code .parquet}), else, for an input, by the Parquet magic
 * bytes; an output is one file, or a folder of parts when its name ends in {@code /} or names a
 * folder already there.
 */
public final class Datasets {

    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    /**
     * How a scoring job keeps what it reads again (the decoded input, the plan, each round's
     * outputs): on the executors' local disks, not in their heaps, which the hosts need (a host with
     * its compiled policy and DJL takes several hundred MB; cached blocks in the heap made a 2 GB
     * local[1] run of 300k samples run out of memory). Read back once per round, sequentially.
     */
    public static final org.apache.spark.storage.StorageLevel KEPT = org.apache.spark.storage.StorageLevel.DISK_ONLY();

    private Datasets() {
    }

    /**
     * An input's records in order, each the text of one JSON object, and what they are called in
     * messages and rejects ("line" or "row", as the local commands call them).
     */
    public record Input(JavaRDD<String> lines, String unit) {
    }

    /** The input's records in order: JSONL lines as they are, Parquet rows as one JSON object each. */
    public static Input lines(SparkSession spark, String in) {
        if (isParquet(spark, in)) {
            return new Input(spark.read().parquet(in).toJSON().javaRDD(), "row");
        }
        return new Input(spark.read().textFile(in).javaRDD(), "line");
    }

    static boolean isParquet(SparkSession spark, String in) {
        if (in.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return true;
        }
        try {
            Path path = new Path(in);
            FileSystem fs = path.getFileSystem(conf(spark));
            FileStatus status = fs.getFileStatus(path);
            Path first = path;
            if (status.isDirectory()) {
                FileStatus[] parts = fs.listStatus(path, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
                if (parts.length == 0) {
                    return false;
                }
                first = parts[0].getPath();
            }
            byte[] head = new byte[4];
            try (var stream = fs.open(first)) {
                return stream.read(head) == 4 && java.util.Arrays.equals(head, PARQUET_MAGIC);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + in + ": " + e.getMessage(), e);
        }
    }

    /** Writes JSON lines as JSONL, or (a {@code .parquet} name) as rows of {@code schema} made by {@code rows}. */
    public static void write(SparkSession spark, JavaRDD<String> lines, String out, java.util.function.Function<JavaRDD<String>, Dataset<Row>> rows) {
        boolean parquet = out.toLowerCase(Locale.ROOT).endsWith(".parquet") || out.toLowerCase(Locale.ROOT).endsWith(".parquet/");
        boolean parts = out.endsWith("/") || isFolder(spark, out);
        if (parts) {
            if (parquet) {
                rows.apply(lines).write().mode(SaveMode.Overwrite).parquet(out);
            } else {
                lines.saveAsTextFile(out);
            }
            return;
        }
        String tmp = out + ".parts-" + Long.toHexString(System.nanoTime());
        if (parquet) {
            rows.apply(lines.coalesce(1)).write().parquet(tmp);
        } else {
            lines.coalesce(1).saveAsTextFile(tmp);
        }
        single(spark, tmp, out);
    }

    /** Where rejected lines go unless told: {@code NAME.rejects.jsonl} beside the output, as the local commands put them. */
    static String rejectsBeside(String out) {
        return out.replaceAll("/+$", "").replaceAll("\\.(jsonl|parquet)$", "") + ".rejects.jsonl";
    }

    /** Moves the one part a coalesced write made to {@code out} and removes the folder. */
    private static void single(SparkSession spark, String folder, String out) {
        try {
            Path dir = new Path(folder);
            FileSystem fs = dir.getFileSystem(conf(spark));
            if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
                fs = local.getRawFileSystem(); // a local file without Hadoop's .crc file beside it
            }
            FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
            Path target = new Path(out);
            fs.delete(target, false);
            if (parts.length == 0) {
                fs.create(target).close(); // no records: an empty file
            } else if (!fs.rename(parts[0].getPath(), target)) {
                throw new IOException("could not move " + parts[0].getPath() + " to " + out);
            }
            fs.delete(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFolder(SparkSession spark, String out) {
        try {
            Path path = new Path(out);
            FileSystem fs = path.getFileSystem(conf(spark));
            return fs.exists(path) && fs.getFileStatus(path).isDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at " + out + ": " + e.getMessage(), e);
        }
    }

    private static Configuration conf(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }
}
