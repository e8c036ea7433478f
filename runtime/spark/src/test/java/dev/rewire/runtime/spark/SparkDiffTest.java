package dev.rewire.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.apps.DiffApp;
import dev.rewire.runtime.apps.ExitStatus;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.pages.DiffJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark diff's figures are the local {@code rewire diff --in}'s, to the last digit of their JSON. */
class SparkDiffTest {

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rewire-diff-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theDiffIsTheLocalCommands(@TempDir Path dir) throws Exception {
        Path candidate = dir.resolve("candidate");
        Files.createDirectories(candidate);
        try (Stream<Path> drl = Files.list(SparkScoreTest.DIST.resolve("policy"))) {
            for (Path f : drl.toList()) {
                Files.copy(f, candidate.resolve(f.getFileName()));
            }
        }
        Files.writeString(candidate.resolve("parity.drl"), SparkScoreTest.PARITY_RULE);
        Path localJson = dir.resolve("local-diff.json");
        DiffApp.Request request = new DiffApp.Request(new DiffApp.ScoringSides(SparkScoreTest.EXAMPLE,
                options(SparkScoreTest.DIST.resolve("policy")), options(candidate), 256, null), null,
                localJson.toString(), 20, List.of());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DiffApp(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(request);
        assertEquals(ExitStatus.OK, status, err.toString(StandardCharsets.UTF_8));

        SparkDiff.Result result = SparkDiff.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                Datasets.lines(spark, SparkScoreTest.EXAMPLE.toString()),
                HostShipment.read(SparkScoreTest.DIST, SparkScoreTest.DIST.resolve("policy"), null),
                HostShipment.read(SparkScoreTest.DIST, candidate, null),
                new SparkScore.Options(JobSettings.defaults(), 256, 0, 3), 20, line -> { });
        assertTrue(result.summary().samplesCompared() > 2000, "compared: " + result.summary().samplesCompared());
        ByteArrayOutputStream sparkJson = new ByteArrayOutputStream();
        DiffJson.write(result.summary(), List.of(), sparkJson);
        assertEquals(Files.readString(localJson), sparkJson.toString(StandardCharsets.UTF_8));
    }

    private static RuntimeOptions options(Path policy) {
        return new RuntimeOptions(SparkScoreTest.DIST, policy, null, ScoringOptions.DEFAULT, Duration.ofMillis(250),
                new PipelineLimits(PipelineLimits.DEFAULT_TERM_TIMEOUT, 1, PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES));
    }
}
