package dev.rewire.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.apps.ExitStatus;
import dev.rewire.runtime.apps.ScoreApp;
import dev.rewire.runtime.apps.ShadowSetup;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.RuntimeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on {@code local[2]} against a local {@code rewire score} run of the same input in
 * this JVM: the records must be the same lines, byte for byte, whatever the partitioning, also
 * under a policy whose every decision reads the checks of the batch before (so a partition that
 * starts from a guessed state must be corrected).
 */
class SparkScoreTest {

    static final Path DIST = Path.of(System.getProperty("rewire.dist"));
    static final Path EXAMPLE = Path.of(System.getProperty("rewire.root", "../.."), "examples", "samples.jsonl");

    /** Every decision depends on the previous batch's index, read from its checks. */
    static final String PARITY_RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.CheckOutcome;
            import dev.rewire.framework.policy.Route;
            rule "test: overlong penalty doubled after an even batch"
            when
                CheckOutcome( checkId == "calibration", batchIndex % 2 == 0 )
                $r : Route( term == "length_penalty" )
            then
                $r.scale( 2.0, drools.getRule().getName() );
            end
            """;

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rewire-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theRecordsAreTheLocalRunsWhateverThePartitioning(@TempDir Path dir) throws Exception {
        List<String> local = localScore(DIST.resolve("policy"), EXAMPLE, dir.resolve("local.jsonl"));
        for (int batchesPerPartition : new int[] {1, 3, 64}) {
            SparkScore.Result result = sparkScore(DIST.resolve("policy"), EXAMPLE, batchesPerPartition);
            assertEquals(local, result.records().collect(), "records with " + batchesPerPartition + " batches a partition");
            assertEquals(local.size(), result.summary().recordsOut());
            assertEquals(11, result.summary().batches());
            assertEquals((11 + batchesPerPartition - 1) / batchesPerPartition, result.summary().partitions());
        }
    }

    @Test
    void aPartitionThatStartedFromAGuessIsScoredAgainFromItsPredecessorsEnd(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy");
        Files.createDirectories(policy);
        try (Stream<Path> drl = Files.list(DIST.resolve("policy"))) {
            for (Path f : drl.toList()) {
                Files.copy(f, policy.resolve(f.getFileName()));
            }
        }
        Files.writeString(policy.resolve("parity.drl"), PARITY_RULE);
        List<String> local = localScore(policy, EXAMPLE, dir.resolve("local.jsonl"));
        assertTrue(local.stream().anyMatch(l -> l.contains("doubled after an even batch")), "the rule fires locally");
        SparkScore.Result result = sparkScore(policy, EXAMPLE, 2);
        assertEquals(local, result.records().collect());
        assertTrue(result.summary().rounds() >= 3, "rounds: " + result.summary().rounds());
        assertTrue(result.summary().rescoredBatches() >= 4, "re-scored batches: " + result.summary().rescoredBatches());
    }

    @Test
    void parquetWrittenBySparkReadsBackAsTheLocalRecords(@TempDir Path dir) throws Exception {
        List<String> local = localScore(DIST.resolve("policy"), EXAMPLE, dir.resolve("local.jsonl"));
        SparkScore.Result result = sparkScore(DIST.resolve("policy"), EXAMPLE, 4);
        Path parquet = dir.resolve("scored.parquet");
        Datasets.write(spark, result.records(), parquet.toString(), lines -> RewireSpark.rows(spark, lines));
        // read as rewire check, explain and diff read a scored Parquet file, and written again as JSONL
        List<dev.rewire.framework.record.RewardRecord> read = dev.rewire.runtime.io.ScoredRecords.read(parquet, line -> { });
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new dev.rewire.runtime.io.RecordEncoder().encodeTo(read, again);
        assertEquals(local, List.of(again.toString(StandardCharsets.UTF_8).split("\n")));
        assertEquals(RewireSpark.RECORDS.fieldNames().length,
                spark.read().parquet(parquet.toString()).schema().fieldNames().length);
    }

    @Test
    void badLinesAndDuplicateIdsAreRejectedAsLocally(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLE));
        lines.set(4, "{\"id\": \"broken\", ");                          // not JSON
        lines.set(99, lines.get(98));                                        // the id of line 99 again
        lines.set(199, "");                                                  // blank: no record, no reject
        lines.set(299, lines.get(299).replace("\"prompt\":", "\"prompt_x\":")); // no prompt
        Path in = dir.resolve("bad.jsonl");
        Files.write(in, lines);
        Path out = dir.resolve("local.jsonl");
        ScoreApp.Request request = new ScoreApp.Request(host(DIST.resolve("policy")), in, out.toString(), null, null, null,
                null, 256, -1, 0, 0, false, Duration.ofMinutes(1), ShadowSetup.NONE, false);
        int status = new ScoreApp(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                false).run(request, System.nanoTime());
        assertEquals(ExitStatus.REJECTED, status);
        List<String> localRejects = lines(dev.rewire.runtime.io.DataFiles.rejectsBeside(out.toString()));
        assertEquals(3, localRejects.size(), String.join("\n", localRejects));

        SparkScore.Result result = sparkScore(DIST.resolve("policy"), in, 2);
        assertEquals(lines(out), result.records().collect());
        assertEquals(localRejects, result.rejects().collect());
        assertEquals(3, result.summary().rejected());
    }

    @Test
    void aBlockStopsTheJobWhereItStopsTheLocalRun(@TempDir Path dir) throws Exception {
        Path policy = policyWith(dir, "block.drl", """
                package rewire.test;
                import dev.rewire.framework.policy.CheckOutcome;
                import dev.rewire.framework.policy.BatchAction;
                rule "test: stop after batch 4"
                when
                    CheckOutcome( checkId == "calibration", batchIndex == 4 )
                then
                    insert( new BatchAction( BatchAction.Kind.BLOCK, "stop after batch 4", drools.getRule().getName() ) );
                end
                """);
        Path out = dir.resolve("local.jsonl");
        ScoreApp.Request request = new ScoreApp.Request(host(policy), EXAMPLE, out.toString(), null, null, null,
                null, 256, -1, 0, 0, false, Duration.ofMinutes(1), ShadowSetup.NONE, false);
        int status = new ScoreApp(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                false).run(request, System.nanoTime());
        assertEquals(ExitStatus.BLOCKED, status);
        SparkScore.Result result = sparkScore(policy, EXAMPLE, 2);
        assertEquals(lines(out), result.records().collect(), "the records of batches 0-4, as the local run wrote them");
        assertEquals("batch 5 blocked by rule \"test: stop after batch 4\": stop after batch 4", result.summary().blockedBy());
        assertEquals(6, result.summary().batches());
    }

    static Path policyWith(Path dir, String name, String rule) throws IOException {
        Path policy = Files.createDirectories(dir.resolve("policy-" + name));
        try (Stream<Path> drl = Files.list(DIST.resolve("policy"))) {
            for (Path f : drl.toList()) {
                Files.copy(f, policy.resolve(f.getFileName()));
            }
        }
        Files.writeString(policy.resolve(name), rule);
        return policy;
    }

    @Test
    void theReportIsTheLocalRunsReport(@TempDir Path dir) throws Exception {
        Path localReport = dir.resolve("local-report.json");
        localScore(DIST.resolve("policy"), EXAMPLE, dir.resolve("local.jsonl"), localReport);
        SparkScore.Result result = sparkScore(DIST.resolve("policy"), EXAMPLE, 3);
        dev.rewire.runtime.pages.Report report = SparkReport.collect(result,
                HostShipment.read(DIST, DIST.resolve("policy"), null), JobSettings.defaults(), Duration.ofMinutes(1),
                line -> { });
        Path sparkReport = dir.resolve("spark-report.json");
        dev.rewire.runtime.pages.ReportJson.write(report, sparkReport);
        assertEquals(Files.readString(localReport), Files.readString(sparkReport));
    }

    static SparkScore.Result sparkScore(Path policy, Path in, int batchesPerPartition) {
        List<String> progress = new ArrayList<>();
        HostShipment shipment = HostShipment.read(DIST, policy, null);
        SparkScore.Options options = new SparkScore.Options(JobSettings.defaults(), 256, 0, batchesPerPartition);
        return SparkScore.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                Datasets.lines(spark, in.toString()), shipment, options, progress::add);
    }

    static List<String> localScore(Path policy, Path in, Path out) throws Exception {
        return localScore(policy, in, out, null);
    }

    static RuntimeOptions host(Path policy) {
        return new RuntimeOptions(DIST, policy, null, ScoringOptions.DEFAULT, Duration.ofMillis(250),
                new PipelineLimits(PipelineLimits.DEFAULT_TERM_TIMEOUT, 1, PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES));
    }

    static List<String> localScore(Path policy, Path in, Path out, Path reportJson) throws Exception {
        RuntimeOptions host = host(policy);
        ScoreApp.Request request = new ScoreApp.Request(host, in, out.toString(), null, null, null, reportJson, 256, -1, 0, 0,
                false, Duration.ofMinutes(1), ShadowSetup.NONE, false);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ScoreApp(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8), false).run(request, System.nanoTime());
        assertEquals(ExitStatus.OK, status, err.toString(StandardCharsets.UTF_8));
        return lines(out);
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
