package dev.rewire.runtime.engine.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.testkit.TestSamples;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate policy decided beside the live one, on the real host (Felix, the built-in bundles,
 * the default policy and promotion rules from rules/): a candidate that moves rewards is rolled
 * back, one that decides as the live one does is promoted after the promotion rules' 20 batches,
 * one that does not compile is refused; the pairs and the audit say what happened.
 */
class ShadowPolicyTest {

    private static final Path DIST = Path.of(System.getProperty("rewire.dist", "target/rewire"));
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    @TempDir
    static Path work;
    private static RewireRuntime runtime;
    private static BatchPipeline live;
    private static long nextBatch;

    @BeforeAll
    static void start() throws IOException {
        Path policy = copyPolicy(work.resolve("live"));
        runtime = RewireRuntime.start(new RuntimeOptions(DIST, policy, null, ScoringOptions.DEFAULT, Duration.ofHours(1),
                new PipelineLimits(Duration.ofSeconds(30), 1_000_000, PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES)), LOG::add);
        live = new BatchPipeline(runtime.services(), runtime.policy(), ScoringOptions.DEFAULT, runtime.options().limits(),
                runtime.calls(), LOG::add);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** The default policy from rules/ (as the build lays it out), copied into {@code dir}, with {@code extra} as one more file. */
    private static Path copyPolicy(Path dir, String... extra) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> drls = Files.newDirectoryStream(DIST.resolve("policy"), "*.drl")) {
            for (Path drl : drls) {
                Files.copy(drl, dir.resolve(drl.getFileName()));
            }
        }
        if (extra.length > 0) {
            Files.writeString(dir.resolve("candidate.drl"), extra[0]);
        }
        return dir;
    }

    private static ShadowPolicy shadow(Path dir, Path candidate, Path promotion) throws IOException {
        return new ShadowPolicy(runtime.services(), runtime.calls(), runtime.options(), runtime.policy(), candidate,
                promotion, dir.resolve("pairs.jsonl"), dir.resolve("audit.jsonl"), LOG::add);
    }

    /** A batch of one group: a right and a wrong math answer. */
    private static Batch batch() {
        long index = nextBatch++;
        List<Sample> samples = List.of(
                TestSamples.math("right-" + index, "p" + index).completion("\\boxed{4}").reference("4").build(),
                TestSamples.math("wrong-" + index, "p" + index).completion("\\boxed{5}").reference("4").build());
        return new Batch(index, List.of(new Group("p" + index, samples)));
    }

    private static void compareOne(ShadowPolicy shadow) {
        Batch b = batch();
        BatchResult result = live.process(b);
        shadow.compare(result.decided(b), result);
    }

    private static final String DOUBLE_MATH = """
            package rewire.candidate;
            import dev.rewire.framework.policy.SampleFact;
            import dev.rewire.framework.policy.Route;
            rule "candidate: math answers count double"
            when
                $s : SampleFact( domain == "math" )
                $r : Route( sampleId == $s.id, term == "exact_match" )
            then
                $r.scale( 2.0, drools.getRule().getName() );
            end
            """;

    /** Compiles, changes the policy's hash, decides nothing. */
    private static final String NO_OP = """
            package rewire.candidate;
            import dev.rewire.framework.policy.SampleFact;
            rule "candidate: never fires"
            when
                $s : SampleFact( id == "no sample has this id" )
            then
            end
            """;

    @Test
    void aCandidateThatMovesRewardsIsRolledBackByTheDefaultPromotionRules(@TempDir Path dir) throws Exception {
        Path candidate = copyPolicy(dir.resolve("candidate"), DOUBLE_MATH);
        String liveSha = runtime.policy().current().sha256();
        try (ShadowPolicy shadow = shadow(dir, candidate, DIST.resolve("promotion"))) {
            assertTrue(shadow.active());
            compareOne(shadow);
            assertEquals(ShadowPolicy.State.ROLLED_BACK, shadow.summary().state());
            assertFalse(shadow.active());
            compareOne(shadow); // no-op once rolled back
            ShadowSummary summary = shadow.summary();
            assertEquals(1, summary.batchesCompared());
            assertEquals(2, summary.diff().reward().samples());
            assertEquals("mean reward shift +0.5000 over 2 samples exceeds 0.1", summary.reason());
            assertEquals(String.format(java.util.Locale.ROOT, "shadow %s: rolled back; 1 batches compared, 2 samples; mean reward "
                    + "shift +0.5000; advantage sign flips %d (%.2f%%); checks worse 0, better 0; batches the candidate "
                    + "would block 0 (mean reward shift +0.5000 over 2 samples exceeds 0.1)", candidate,
                    summary.diff().reward().signFlips(), 100 * summary.diff().reward().signFlipRate()), summary.describe());
            assertEquals("ROLLED_BACK", shadow.status().get("state"));
        }
        assertEquals(liveSha, runtime.policy().current().sha256(), "a rollback leaves the live policy alone");
        List<String> pairs = Files.readAllLines(dir.resolve("pairs.jsonl"));
        assertEquals(2, pairs.size(), "one line per sample compared");
        JsonNode right = RewireJson.mapper().readTree(pairs.get(0));
        assertEquals(right.get("live_reward").asDouble() + 1.0, right.get("candidate_reward").asDouble(), 1e-9,
                "the right answer's exact_match counts double: " + right);
        assertEquals(1.0, right.get("reward_delta").asDouble(), 1e-9);
        JsonNode audit = RewireJson.mapper().readTree(Files.readAllLines(dir.resolve("audit.jsonl")).get(0));
        assertEquals("ROLLBACK", audit.get("event").asText());
        assertEquals("roll back: rewards moved by more than 0.1 on average", audit.get("rule").asText());
        assertEquals(liveSha, audit.get("live_policy").asText());
    }

    @Test
    void aCandidateThatDecidesAsTheLiveOneIsPromotedAfterTwentyBatches(@TempDir Path dir) throws Exception {
        Path candidate = copyPolicy(dir.resolve("candidate"), NO_OP);
        String before = runtime.policy().current().sha256();
        try (ShadowPolicy shadow = shadow(dir, candidate, DIST.resolve("promotion"))) {
            for (int i = 0; i < 19; i++) {
                compareOne(shadow);
            }
            assertEquals(ShadowPolicy.State.SHADOWING, shadow.summary().state(), "19 batches: still shadowing");
            assertEquals(19L, shadow.status().get("batches_compared"));
            compareOne(shadow);
            ShadowSummary summary = shadow.summary();
            assertEquals(ShadowPolicy.State.PROMOTED, summary.state());
            assertEquals("20 batches with no check worse (mean reward shift +0.0000, sign flip rate 0.0000)", summary.reason());
            assertEquals(summary.candidateSha256(), runtime.policy().current().sha256(), "the candidate is the live policy now");
            assertNotEquals(before, summary.candidateSha256());
        } finally {
            // the next test's candidates are compared with the default policy again
            runtime.policy().adopt(work.resolve("live"));
        }
        List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
        assertEquals(1, audit.size());
        JsonNode line = RewireJson.mapper().readTree(audit.get(0));
        assertEquals("PROMOTE", line.get("event").asText());
        assertEquals("promote: 20 batches with no check worse", line.get("rule").asText());
        assertEquals(20, line.get("batches_compared").asLong());
        assertEquals(40, Files.readAllLines(dir.resolve("pairs.jsonl")).size());
    }

    @Test
    void aCandidateThatDoesNotCompileIsRefusedAuditedAndTheLivePolicyGoesOnAlone(@TempDir Path dir) throws Exception {
        Path candidate = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(candidate.resolve("broken.drl"), "package rewire.broken;\nrule \"half a rule\" when then\n");
        try (ShadowPolicy shadow = shadow(dir, candidate, DIST.resolve("promotion"))) {
            assertFalse(shadow.active());
            compareOne(shadow);
            ShadowSummary summary = shadow.summary();
            assertEquals(ShadowPolicy.State.REFUSED, summary.state());
            assertEquals(0, summary.batchesCompared());
            assertEquals(null, summary.candidateSha256());
            assertTrue(summary.reason().startsWith("candidate " + candidate + " does not compile: "), summary.reason());
            assertEquals(summary.reason(), shadow.status().get("reason"));
        }
        JsonNode audit = RewireJson.mapper().readTree(Files.readAllLines(dir.resolve("audit.jsonl")).get(0));
        assertEquals("REFUSED", audit.get("event").asText());
        assertEquals(-1, audit.get("batch").asLong());
        assertFalse(Files.exists(dir.resolve("pairs.jsonl")), "no pairs for a refused candidate");
    }

    @Test
    void promotionRulesThatDoNotCompileAreAUsageError(@TempDir Path dir) throws Exception {
        Path promotion = Files.createDirectories(dir.resolve("promotion"));
        Files.writeString(promotion.resolve("bad.drl"), "package rewire.promotion;\nrule \"x\" when nonsense then end\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> shadow(dir, copyPolicy(dir.resolve("candidate"), NO_OP), promotion));
        assertTrue(e.getMessage().startsWith("promotion rules " + promotion + " do not compile:\n  "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("audit.jsonl")));
    }
}
