package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.PairCodec;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.runtime.embedded.EmbeddedRewire;
import dev.rewire.runtime.engine.pairs.DesignReport;
import dev.rewire.runtime.engine.pairs.PairsResult;
import dev.rewire.runtime.engine.pairs.Recovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of planted signal types across elicitation designs, each design in a file of its own,
 * at five seeds, asserting the <em>minimum</em> over the seeds: precision and recall of at least
 * 0.9 for every type the design report calls identifiable, no confident mistakes anywhere, and no
 * GENUINE or NON_ATTITUDE verdict where the report says nothing can tell them apart. The grid of
 * docs/pairs-method.md (min and median over the seeds) is this run's table, printed to the test's output.
 *
 * <p>The designs run in one real host in this JVM ({@link EmbeddedRewire}: Felix, the deployed
 * filter bundles, the pairs policy), since a CLI start per design and seed would take minutes;
 * {@link #theCliGivesTheSameRecoveryAsTheHostInProcess} checks one design through the command.
 */
class PairsGridIT {

    static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);

    /**
     * name:settings of examples/GeneratePairs.java; 25 annotators (12 genuine, 6 non-attitude, 4
     * constructed, 3 speeders of whom 2 with a position habit) and 40 items each unless stated.
     * {@code neutral=0}: no neutral framing, "detailed"/"concise" (or "first-impression"/"second-look")
     * both push, the opposite ways.
     */
    static final List<String> DESIGNS = List.of(
            "r6x4:rounds=6,raters=4,noise=0.002",
            "r2x1:rounds=2,raters=1,noise=0.05,neutral=0,na_share=1",
            "r2x1-pos:rounds=2,raters=1,noise=0.05,neutral=0,na_share=1,framing=position",
            "r2x3:rounds=2,raters=3,noise=0.05,neutral=0,na_share=1",
            "r3x1:rounds=3,raters=1,noise=0.05,neutral=0,na_share=1",
            "r4x1-pos:rounds=4,raters=1,noise=0.05,neutral=0,na_share=1,framing=position",
            "r4x2-mixed:rounds=4,raters=2,noise=0.05,neutral=0,na_share=0.6",
            "crowd:rounds=2,raters=3,items=8,genuine=80,nonattitude=20,constructed=12,speeders=8,habit=6,noise=0.05,"
                    + "neutral=0,na_share=1",
            "minority:rounds=2,raters=3,noise=0.15,genuine=30,nonattitude=10,constructed=2,speeders=2,habit=1,"
                    + "neutral=0,na_share=1",
            "ties:rounds=2,raters=1,noise=0.05,neutral=0,na_share=1,ties=0.4",
            "speeders:rounds=4,raters=1,speeders=6,habit=5,shuffled=1,framing=position,neutral=0,na_share=1",
            "r2x1-neutral:rounds=2,raters=1,noise=0.05",
            "r1x1:rounds=1,raters=1,noise=0.05,neutral=0,na_share=1",
            "r1x3:rounds=1,raters=3,noise=0.05,neutral=0,na_share=1");

    static final List<String> TYPES = List.of("GENUINE", "CONSTRUCTED", "NON_ATTITUDE", "ARTIFACT");

    /** One design at one seed. */
    record Run(String design, long seed, Recovery recovery, DesignReport report) {

        double metric(String type, String name) {
            Map<String, Double> m = recovery.perType().get(type);
            Double v = m == null ? null : m.get(name);
            return v == null ? Double.NaN : v;
        }
    }

    @TempDir
    static Path work;
    static final List<Run> RUNS = new ArrayList<>();

    @BeforeAll
    static void runTheGrid() throws Exception {
        List<String> generate = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Rewire.EXAMPLES.resolve("GeneratePairs.java").toString(), "--out", work.toString(), "--split",
                "--seeds", String.join(",", SEEDS.stream().map(String::valueOf).toList())));
        generate.addAll(DESIGNS);
        Process g = new ProcessBuilder(generate).redirectErrorStream(true).start();
        String generated = new String(g.getInputStream().readAllBytes());
        assertTrue(g.waitFor(3, TimeUnit.MINUTES) && g.exitValue() == 0, generated);
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_CACHE_DIR", System.getProperty("djl.cache"));
        try (EmbeddedRewire rewire = EmbeddedRewire.builder().home(Rewire.DIST).start()) {
            for (long seed : SEEDS) {
                for (String d : DESIGNS) {
                    String name = name(d);
                    Path dir = work.resolve("seed-" + seed).resolve(name);
                    List<PreferencePair> pairs = new ArrayList<>();
                    for (String line : Files.readAllLines(dir.resolve("pairs.jsonl"))) {
                        pairs.add(PairCodec.decode(line));
                    }
                    PairsResult result = rewire.pairs(pairs);
                    RUNS.add(new Run(name, seed, Recovery.of(dir.resolve("pairs-truth.jsonl"), result.pairs()),
                            result.design()));
                }
            }
            assertTrue(rewire.log().stream().noneMatch(l -> l.contains("quarantined")), String.join("\n", rewire.log()));
        }
        System.out.println(grid());
    }

    static String name(String design) {
        return design.substring(0, design.indexOf(':'));
    }

    private static List<Run> runsOf(String design) {
        return RUNS.stream().filter(r -> r.design().equals(design)).toList();
    }

    /** Over the seeds: the smallest value, NaN where a seed has none (nothing classified as the type). */
    private static double min(List<Run> runs, String type, String metric) {
        return runs.stream().mapToDouble(r -> r.metric(type, metric)).min().orElse(Double.NaN);
    }

    /** The table of docs/pairs-method.md: per design and type, precision and recall as min / median over the seeds. */
    static String grid() {
        StringBuilder s = new StringBuilder("| design | GENUINE | CONSTRUCTED | NON_ATTITUDE | ARTIFACT | undetermined |\n"
                + "|---|---|---|---|---|---|\n");
        for (String d : DESIGNS) {
            List<Run> runs = runsOf(name(d));
            s.append("| `").append(name(d)).append("` |");
            for (String type : TYPES) {
                boolean identified = runs.stream().allMatch(r -> r.report().identifies(type));
                String cell = String.format(Locale.ROOT, "%s / %s", minMedian(runs, type, "precision"),
                        minMedian(runs, type, "recall"));
                s.append(' ').append(identified ? "**" + cell + "**" : cell + " (" + status(runs, type) + ")").append(" |");
            }
            double[] undetermined = runs.stream().mapToDouble(r -> r.metric("UNDETERMINED", "classified")
                    / r.recovery().compared()).sorted().toArray();
            s.append(String.format(Locale.ROOT, " %.2f / %.2f |%n", undetermined[0], undetermined[undetermined.length / 2]));
        }
        return s.toString();
    }

    private static String status(List<Run> runs, String type) {
        return runs.get(0).report().types().get(type).get("identifiable");
    }

    private static String minMedian(List<Run> runs, String type, String metric) {
        double[] v = runs.stream().mapToDouble(r -> r.metric(type, metric)).toArray();
        if (java.util.Arrays.stream(v).allMatch(Double::isNaN)) {
            return "-";
        }
        double[] known = java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return String.format(Locale.ROOT, "%.2f", known[0]) + "…" + String.format(Locale.ROOT, "%.2f", known[known.length / 2]);
    }

    @Test
    void everyDesignRanAtEverySeedAndComparedEverySignal() {
        assertEquals(DESIGNS.size() * SEEDS.size(), RUNS.size());
        for (Run r : RUNS) {
            assertTrue(r.recovery().compared() > 0, r.design() + " seed " + r.seed());
        }
    }

    /**
     * The issue's bar: where the design report calls a type identifiable, at least 0.9 precision
     * and recall at every seed (so the minimum over seeds), on every design.
     */
    @Test
    void whereTheReportSaysIdentifiableEverySeedRecoversTheTypeAtNinetyPercent() {
        List<String> failures = new ArrayList<>();
        for (Run r : RUNS) {
            for (String type : TYPES) {
                if (r.report().identifies(type)) {
                    double p = r.metric(type, "precision");
                    double recall = r.metric(type, "recall");
                    if (!(p >= 0.9) || !(recall >= 0.9)) {
                        failures.add(String.format(Locale.ROOT, "%s seed %d %s: precision %.3f recall %.3f", r.design(),
                                r.seed(), type, p, recall));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures) + "\n" + grid());
    }

    /** The designs the issue names, where the report must call these types identifiable. */
    @Test
    void theIssuesDesignsAreCalledIdentifiable() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("r2x1", List.of("CONSTRUCTED", "ARTIFACT"));
        expected.put("r2x1-pos", List.of("CONSTRUCTED", "ARTIFACT"));
        expected.put("r2x3", TYPES);
        expected.put("r3x1", List.of("CONSTRUCTED", "ARTIFACT"));
        expected.put("r4x1-pos", TYPES);
        expected.put("crowd", List.of("ARTIFACT"));
        expected.put("minority", TYPES);
        expected.put("r1x3", List.of("GENUINE", "ARTIFACT"));
        expected.put("speeders", TYPES);
        expected.put("ties", List.of("CONSTRUCTED", "ARTIFACT"));
        expected.forEach((design, types) -> runsOf(design).forEach(r -> types.forEach(type ->
                assertTrue(r.report().identifies(type), design + " seed " + r.seed() + " " + type + ": "
                        + r.report().types().get(type)))));
    }

    /**
     * A pure coin-flipper is found with two judgments a pair and no co-annotator: the report calls
     * GENUINE and NON_ATTITUDE identifiable only in part there (an annotator who is a coin on some
     * items only is not), yet where every annotator is one kind throughout, as in these designs,
     * both are recovered at 0.9 at every seed.
     */
    @Test
    void pureAnnotatorsAreFoundEvenWithTwoJudgmentsAPairAndNoOneElse() {
        for (String design : List.of("r2x1", "r2x1-pos", "r3x1", "ties")) {
            for (String type : List.of("GENUINE", "NON_ATTITUDE")) {
                assertEquals("partly", runsOf(design).get(0).report().types().get(type).get("identifiable"), design);
                assertTrue(min(runsOf(design), type, "precision") >= 0.9, design + " " + type + "\n" + grid());
                assertTrue(min(runsOf(design), type, "recall") >= 0.9, design + " " + type + "\n" + grid());
            }
        }
    }

    /**
     * Where recovery is limited, it is limited by UNDETERMINED, not by confident mistakes: every
     * verdict at least 0.8 precise at every seed, except GENUINE and NON_ATTITUDE where the report
     * calls them identifiable only in part and annotators do hold no opinion on some items only
     * (the designs with na_share 0.6): a coin on 60% of the items whose agreement with itself
     * happened to be low looks like a coin throughout. There the bar is 0.5, and docs/pairs-method.md says so.
     */
    @Test
    void whatIsDecidedIsRightEvenWhereTheDesignLimitsRecovery() {
        for (Run r : RUNS) {
            for (String type : TYPES) {
                double precision = r.metric(type, "precision");
                boolean partialMixes = List.of("GENUINE", "NON_ATTITUDE").contains(type)
                        && "partly".equals(r.report().types().get(type).get("identifiable"))
                        && r.design().matches("r2x1-neutral|r4x2-mixed|r6x4");
                double bar = partialMixes ? 0.5 : 0.8;
                assertTrue(Double.isNaN(precision) || precision >= bar, r.design() + " seed " + r.seed() + " " + type
                        + ": " + r.recovery().perType());
            }
        }
    }

    /** One judgment of a pair and no one else's: a coin and a preference look alike, and the report says so. */
    @Test
    void whereNothingTellsThemApartThereIsNoGenuineOrNonAttitudeVerdict() {
        for (Run r : runsOf("r1x1")) {
            for (String type : List.of("GENUINE", "NON_ATTITUDE")) {
                assertEquals("no", r.report().types().get(type).get("identifiable"));
                // a constructed annotator's pattern can tell an odd signal of theirs apart; nothing else
                assertTrue(r.metric(type, "classified") <= 0.01 * r.recovery().compared(), r.seed() + " " + type + ": "
                        + r.recovery().perType());
            }
            assertTrue(r.metric("UNDETERMINED", "classified") > 0);
        }
    }

    /** The command and the host in this JVM run the same path: the same recovery for one design. */
    @Test
    void theCliGivesTheSameRecoveryAsTheHostInProcess() throws Exception {
        Path dir = work.resolve("seed-1").resolve("r2x1");
        Rewire.Result cli = Rewire.run(work, "pairs", "--in", dir.resolve("pairs.jsonl").toString(), "--out",
                work.resolve("r2x1.weighted.jsonl").toString(), "--truth", dir.resolve("pairs-truth.jsonl").toString(),
                "--report-json", work.resolve("r2x1.json").toString());
        assertEquals(0, cli.status(), cli.stderr());
        assertTrue(cli.stderr().contains("CONSTRUCTED   identifiable: yes"), cli.stderr());
        JsonNode json = Rewire.JSON.readTree(work.resolve("r2x1.json").toFile());
        Run inProcess = runsOf("r2x1").get(0);
        for (String type : TYPES) {
            assertEquals(inProcess.metric(type, "classified"), json.at("/recovery/per_type/" + type + "/classified").asDouble(),
                    type);
        }
        assertEquals("yes", json.at("/design/types/CONSTRUCTED/identifiable").asText());
    }
}
