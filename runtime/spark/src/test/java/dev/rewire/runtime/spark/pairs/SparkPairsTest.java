package dev.rewire.runtime.spark.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.apps.ExitStatus;
import dev.rewire.runtime.apps.PairsApp;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.io.DatasetWriter;
import dev.rewire.runtime.spark.Datasets;
import dev.rewire.runtime.spark.HostShipment;
import dev.rewire.runtime.spark.JobSettings;
import dev.rewire.runtime.spark.PairsJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark pairs job on {@code local[2]} against a local {@code rewire pairs} run of the same
 * input in this JVM: pair for pair the same chosen response, weight and P(chosen), and signal for
 * signal the same verdict, weight, deciding rule and reasons, whatever the partitioning (one
 * partition, a few, more than there are annotators). P(chosen) and the margin may differ in the
 * last bits (the fit's sums are added shard by shard), so they are compared to 1e-9; everything
 * the policy decides is compared exactly.
 */
class SparkPairsTest {

    static final Path DIST = Path.of(System.getProperty("rewire.dist"));
    static final Path ROOT = Path.of(System.getProperty("rewire.root", "../.."));
    static final Path EXAMPLE = ROOT.resolve("examples").resolve("pairs.jsonl");
    /** 120 annotators of every kind (80 genuine, 20 non-attitude, 12 constructed, 8 speeders), three a pair, two rounds: the integration grid's crowd design. */
    static final String CROWD = "crowd:rounds=2,raters=3,items=8,genuine=80,nonattitude=20,constructed=12,speeders=8,"
            + "habit=6,noise=0.05,neutral=0,na_share=1";

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rewire-pairs-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theExamplesVerdictsAndWeightsAreTheLocalRunsWhateverThePartitioning(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("pairs.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLE));
        lines.add(4, "not json");
        lines.add(lines.get(9)); // a repeated id: the first is kept
        Files.write(in, lines);
        List<String> local = localPairs(in, dir.resolve("local.jsonl"), ExitStatus.REJECTED);
        List<String> localRejects = Files.readAllLines(dir.resolve("local.rejects.jsonl"));
        for (int partitions : new int[] {1, 3, 31}) { // 25 annotators
            SparkPairs.Result result = sparkPairs(in, partitions);
            assertSame(local, result.pairs().collect(), partitions + " partitions");
            assertEquals(localRejects, result.rejects().collect(), "rejects with " + partitions + " partitions");
            assertEquals(local.size(), result.summary().written());
            assertEquals(2, result.summary().rejected());
            assertEquals(25, result.summary().annotators());
        }
    }

    @Test
    void aGeneratedCrowdsVerdictsAndWeightsAreTheLocalRuns(@TempDir Path dir) throws Exception {
        Path in = generate(dir, CROWD);
        List<String> local = localPairs(in, dir.resolve("local.jsonl"), ExitStatus.OK);
        for (int partitions : new int[] {2, 7}) {
            SparkPairs.Result result = sparkPairs(in, partitions);
            assertSame(local, result.pairs().collect(), partitions + " partitions");
            assertEquals(120, result.summary().annotators());
            assertTrue(result.summary().verdicts().get("NON_ATTITUDE") > 0, result.summary().describe());
        }
    }

    /** Pair for pair: chosen, rejected, weight, verdicts exactly; P(chosen) and margin to 1e-9. */
    static void assertSame(List<String> local, List<String> spark, String what) throws IOException {
        assertEquals(local.size(), spark.size(), what + ": pairs written");
        int identical = 0;
        for (int i = 0; i < local.size(); i++) {
            identical += local.get(i).equals(spark.get(i)) ? 1 : 0;
            JsonNode l = RewireJson.mapper().readTree(local.get(i));
            JsonNode s = RewireJson.mapper().readTree(spark.get(i));
            String at = what + ", pair " + l.get("id").asText();
            assertEquals(l.get("id"), s.get("id"), at);
            assertEquals(l.get("chosen"), s.get("chosen"), at);
            assertEquals(l.get("rejected"), s.get("rejected"), at);
            assertEquals(l.get("weight").asDouble(), s.get("weight").asDouble(), 0, at + ": weight");
            assertEquals(l.get("p_chosen").asDouble(), s.get("p_chosen").asDouble(), 1e-9, at + ": p_chosen");
            assertEquals(l.get("margin").asDouble(), s.get("margin").asDouble(), 1e-9, at + ": margin");
            assertEquals(l.get("verdict"), s.get("verdict"), at);
            assertEquals(l.get("provenance"), s.get("provenance"), at);
            JsonNode ls = l.get("signals");
            JsonNode ss = s.get("signals");
            assertEquals(ls.size(), ss.size(), at + ": signals");
            for (int j = 0; j < ls.size(); j++) {
                String sig = at + ", annotator " + ls.get(j).get("annotator").asText();
                for (String field : List.of("annotator", "pick", "verdict", "weight", "rule", "reasons", "evidence")) {
                    assertEquals(ls.get(j).get(field), ss.get(j).get(field), sig + ": " + field);
                }
            }
        }
        System.out.println(what + ": " + identical + " of " + local.size() + " lines byte for byte the local run's");
    }

    static SparkPairs.Result sparkPairs(Path in, int partitions) {
        PairsJob.Hosts hosts = new PairsJob.Hosts(HostShipment.read(DIST, DIST.resolve("policy"), null),
                JobSettings.defaults());
        return SparkPairs.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                Datasets.lines(spark, in.toString()), hosts, SparkPairs.Options.defaults(partitions), line -> { });
    }

    static List<String> localPairs(Path in, Path out, int expected) throws Exception {
        RuntimeOptions host = new RuntimeOptions(DIST, DIST.resolve("policy"), null, ScoringOptions.DEFAULT,
                Duration.ofMillis(250), new PipelineLimits(PipelineLimits.DEFAULT_TERM_TIMEOUT, 1,
                PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES));
        DatasetWriter writer = new DatasetWriter(DatasetWriter.Format.REWIRE, 0, false, DatasetWriter.Sampling.NONE,
                null, DatasetWriter.Template.CHAT, "\n\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new PairsApp(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(new PairsApp.Request(host, in, out.toString(), null, null, null, writer,
                null));
        assertEquals(expected, status, err.toString(StandardCharsets.UTF_8));
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** The project's generator's pairs for one design, in {@code dir}. */
    static Path generate(Path dir, String design) throws Exception {
        Process g = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ROOT.resolve("examples").resolve("GeneratePairs.java").toString(), "--out", dir.toString(), design)
                .redirectErrorStream(true).start();
        String said = new String(g.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(g.waitFor(3, TimeUnit.MINUTES) && g.exitValue() == 0, said);
        return dir.resolve("pairs.jsonl");
    }
}
