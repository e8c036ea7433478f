package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on a real standalone cluster: a master and two workers on the loopback address,
 * the job submitted with spark-submit by {@code rewire spark}, its executors started by the
 * workers. Every output is compared with the local command's on the same input, record for
 * record and byte for byte; a worker killed mid-job must cost nothing but time.
 */
class SparkClusterIT {

    static final Path LAUNCHER = Path.of(System.getProperty("rewire.root"), "runtime", "spark", "src", "main", "sh",
            "rewire-spark");

    @TempDir
    static Path clusterDir;
    static SparkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SparkCluster.start(clusterDir, 2, "2g");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void scoreOnTheClusterFromParquetToParquetWritesTheLocalRecords(@TempDir Path dir) throws Exception {
        Path example = Rewire.EXAMPLES.resolve("samples.jsonl");
        List<String> local = localScore(dir, example);
        // the JSONL input on the cluster is aWorkerKilledMidJob's; here Parquet in and out
        Path parquet = dir.resolve("samples.parquet");
        Rewire.Result converted = submit(dir, "convert", "--master", "local[1]", "--in", example.toString(),
                "--out", parquet.toString());
        assertEquals(0, converted.status(), converted.stderr());
        Rewire.Result scored = submit(dir, "score", "--master", cluster.url(), "--in", parquet.toString(),
                "--out", dir.resolve("scored.parquet").toString(), "--batches-per-partition", "2");
        assertEquals(0, scored.status(), scored.stderr());
        assertTrue(scored.stderr().contains("11 batches in 6 partitions"), scored.stderr());
        // read as rewire check, explain and diff read a scored Parquet file, and written again as JSONL
        List<dev.rewire.framework.record.RewardRecord> read = dev.rewire.runtime.io.ScoredRecords.read(
                dir.resolve("scored.parquet"), line -> { });
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        new dev.rewire.runtime.io.RecordEncoder().encodeTo(read, again);
        assertEquals(local, List.of(again.toString(StandardCharsets.UTF_8).split("\\n")),
                "the Parquet output, read back record by record");
    }

    @Test
    void pairsOnTheClusterWeighLikeTheLocalCommand(@TempDir Path dir) throws Exception {
        Path pairs = Rewire.EXAMPLES.resolve("pairs.jsonl");
        Rewire.Result local = Rewire.run(dir, "pairs", "--in", pairs.toString(), "--out", dir.resolve("local.jsonl").toString());
        assertEquals(0, local.status(), local.stderr());
        Rewire.Result spark = submit(dir, "pairs", "--master", cluster.url(), "--in", pairs.toString(),
                "--out", dir.resolve("cluster.jsonl").toString(), "--partitions", "3");
        assertEquals(0, spark.status(), spark.stderr());
        assertEquals(Files.readAllLines(dir.resolve("local.jsonl")), Files.readAllLines(dir.resolve("cluster.jsonl")));
    }

    @Test
    void diffOnTheClusterIsTheLocalDiff(@TempDir Path dir) throws Exception {
        Path example = Rewire.EXAMPLES.resolve("samples.jsonl");
        Path candidate = Files.createDirectories(dir.resolve("candidate"));
        try (Stream<Path> drl = Files.list(Rewire.DIST.resolve("policy"))) {
            for (Path f : drl.toList()) {
                Files.copy(f, candidate.resolve(f.getFileName()));
            }
        }
        Files.writeString(candidate.resolve("parity.drl"), LookaheadIT.PARITY_RULE);
        Rewire.Result local = Rewire.run(dir, "diff", "--in", example.toString(), "--candidate-policy", candidate.toString(),
                "--report-json", dir.resolve("local-diff.json").toString());
        assertEquals(0, local.status(), local.stderr());
        Rewire.Result spark = submit(dir, "diff", "--master", cluster.url(), "--in", example.toString(),
                "--candidate-policy", candidate.toString(), "--report-json", dir.resolve("cluster-diff.json").toString(),
                "--batches-per-partition", "2");
        assertEquals(0, spark.status(), spark.stderr());
        assertEquals(Files.readString(dir.resolve("local-diff.json")), Files.readString(dir.resolve("cluster-diff.json")));
    }

    @Test
    void aWorkerKilledMidJobCostsTimeNotRecords(@TempDir Path dir) throws Exception {
        Path input = copies(Rewire.EXAMPLES.resolve("samples.jsonl"), 8, dir.resolve("samples-x8.jsonl"));
        List<String> local = localScore(dir, input);
        Path out = dir.resolve("cluster.jsonl");
        Path err = dir.resolve("driver.log");
        Process job = command(dir, "score", "--master", cluster.url(), "--in", input.toString(), "--out", out.toString(),
                "--batches-per-partition", "4").redirectErrorStream(true).redirectOutput(err.toFile()).start();
        // the first partition is scored alone; while the others are, one machine goes
        Rewire.await("the job to score past its first partition", () -> Files.readString(err).contains("partition 0 of"),
                () -> read(err));
        cluster.killWorker(0);
        assertTrue(job.waitFor(10, TimeUnit.MINUTES), "the job did not finish after a worker was lost:\n" + read(err));
        String log = read(err);
        assertEquals(0, job.exitValue(), log);
        assertTrue(log.contains("Lost executor") || log.contains("ExecutorLostFailure"),
                "the driver saw the executor go:\n" + log);
        assertEquals(local, Files.readAllLines(out), "every record exactly once, in order, as the local run's");
    }

    private static List<String> localScore(Path dir, Path in) throws Exception {
        Path out = dir.resolve("local-" + in.getFileName());
        Rewire.Result local = Rewire.run(dir, "score", "--in", in.toString(), "--out", out.toString());
        assertEquals(0, local.status(), local.stderr());
        return Files.readAllLines(out);
    }

    /** The example repeated, each copy's ids and prompts made its own, so groups stay whole and distinct. */
    private static Path copies(Path example, int times, Path out) throws IOException {
        List<String> lines = Files.readAllLines(example);
        StringBuilder b = new StringBuilder();
        for (int copy = 0; copy < times; copy++) {
            for (String line : lines) {
                b.append(line.replaceFirst("\"id\":\"([^\"]*)\"", "\"id\":\"$1~" + copy + "\"")
                        .replaceFirst("\"prompt_id\":\"([^\"]*)\"", "\"prompt_id\":\"$1~" + copy + "\"")).append('\n');
            }
        }
        Files.writeString(out, b, StandardCharsets.UTF_8);
        return out;
    }

    private static Rewire.Result submit(Path dir, String... args) throws Exception {
        return Rewire.run(command(dir, args), dir, args);
    }

    private static ProcessBuilder command(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        if (!args[0].equals("convert")) {
            cmd.addAll(List.of("--executor-memory", "1400m"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("DJL_CACHE_DIR", System.getProperty("djl.cache"));
        return pb;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
