package dev.rewire.runtime.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.SampleFact;
import dev.rewire.testkit.TestSamples;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule analysis behind deciding one sample per class: which rules it proves decide each sample
 * on its own (and what they read of it), which it refuses and why, and that a folded session decides
 * exactly what the whole session decides.
 */
class SampleIndependenceTest {

    private static final String HEAD = """
            package rewire.test;
            import dev.rewire.framework.policy.*;
            import dev.rewire.framework.model.Verdict;
            import dev.rewire.framework.spi.CheckStatus;
            """;

    private static SampleIndependence analyse(String rules) {
        return SampleIndependence.of(Map.of("p.drl", HEAD + rules));
    }

    private static String rule(String name, String when, String then) {
        return "rule \"" + name + "\"\nwhen\n" + when + "\nthen\n" + then + "\nend\n";
    }

    private static final String ROUTE = "insert( new Route( $s.getId(), \"t\", 1.0, drools.getRule().getName() ) );";

    @Test
    void everyPropertyOfASampleFactIsKnownToTheAnalysis() {
        Set<String> getters = new TreeSet<>();
        for (Method m : SampleFact.class.getMethods()) {
            if (m.getDeclaringClass() == SampleFact.class && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 0 && (m.getName().startsWith("get") || m.getName().startsWith("is"))) {
                getters.add(SampleIndependence.propertyName(m.getName()));
            }
        }
        assertEquals(getters, new TreeSet<>(SampleIndependence.PROPERTIES.keySet()));
    }

    @Test
    void perSampleRulesAreProvenWithWhatTheyRead() {
        SampleIndependence a = analyse(
                rule("route", "$s : SampleFact( domain == \"math\", hasReference, source != \"x\" )", ROUTE)
                + rule("scale", "$s : SampleFact( verdict == Verdict.ARTIFACT )\n$r : Route( sampleId == $s.id, term == \"t\" )",
                        "$r.scale( 0.5, drools.getRule().getName() );")
                + rule("gate", "CheckOutcome( checkId == \"c\", status == CheckStatus.FAIL )\n$r : Route( term == \"t\" )",
                        "$r.scale( 1.5, drools.getRule().getName() );")
                + rule("weight from length", "$s : SampleFact( fields[\"k\"] == \"v\" )",
                        "insert( new Route( $s.getId(), \"u\", Math.min( 1.0, $s.getCompletionLengthChars() / 100.0 ), "
                                + "String.format( \"%s\", drools.getRule().getName() ) ) );")
                + rule("block", "$c : CheckOutcome( checkId == \"c\", metric( \"ece\" ) > 0.5 )",
                        "insert( new BatchAction( BatchAction.Kind.BLOCK, \"why\", drools.getRule().getName() ) );"));
        assertTrue(a.isProven(), a.reason());
        assertEquals(List.of("completionLengthChars", "domain", "fields", "hasReference", "source", "verdict"), a.reads());
    }

    @Test
    void readingWhichSampleItIsPutsEveryPropertyOrTheIdInTheKey() {
        assertEquals(List.of("id"), analyse(rule("by id", "$s : SampleFact( id == \"s-1\" )", ROUTE)).reads());
        assertEquals(List.of("id"), analyse(rule("trail names the sample", "$s : SampleFact( )",
                "insert( new Route( $s.getId(), \"t\", 1.0, $s.getId() ) );")).reads());
        assertEquals(List.of("id"), analyse(rule("route id", "$r : Route( sampleId.startsWith( \"a\" ) )",
                "$r.scale( 2.0, \"r\" );")).reads());
        assertEquals(SampleIndependence.PROPERTIES.keySet(),
                Set.copyOf(analyse(rule("this", "$s : SampleFact( this != null )", ROUTE)).reads()));
        assertEquals(SampleIndependence.PROPERTIES.keySet(), Set.copyOf(analyse(rule("by its text",
                "$s : SampleFact( toString() matches \"SampleFact\\\\[pilot-.*\" )", ROUTE)).reads()));
        assertEquals(List.of("id"), analyse(rule("route text", "$r : Route( toString() contains \"pilot-\" )",
                "$r.scale( 2.0, \"r\" );")).reads());
        assertEquals(List.of("id"), analyse(rule("route id elsewhere",
                "$r : Route( term == \"t\" )\nCheckOutcome( metric( $r.sampleId ) > 0.5 )", "$r.scale( 2.0, \"r\" );")).reads());
    }

    /** A rule that sees no sample is not run again for a batch decided from memory: it must be pure for that. */
    @Test
    void decisionsAreRememberedOnlyWhenRulesThatSeeNoSampleArePure() {
        String block = rule("block", "$c : CheckOutcome( checkId == \"c\", metric( \"ece\" ) > 0.5 )",
                "insert( new BatchAction( BatchAction.Kind.BLOCK, String.format( \"%d\", $c.getBatchIndex() ), "
                        + "drools.getRule().getName() ) );");
        assertTrue(analyse(rule("route", "$s : SampleFact( )", ROUTE) + block).rememberable());
        SampleIndependence logs = analyse(rule("route", "$s : SampleFact( )", ROUTE)
                + rule("log", "CheckOutcome( )", "System.out.println( \"x\" );"));
        assertTrue(logs.isProven() && !logs.rememberable());
        SampleIndependence pairs = analyse(rule("route", "$s : SampleFact( )", ROUTE)
                + rule("signal", "$s : SignalFact( )", "System.out.println( \"never without signals\" );"));
        assertTrue(pairs.rememberable(), "a rule over facts a score run never has cannot fire there");
        SampleIndependence context = analyse(rule("route", "$s : SampleFact( )", ROUTE)
                + rule("size", "BatchContext( size > 3 )", "insert( new BatchAction( BatchAction.Kind.BLOCK, \"b\", \"r\" ) );"));
        assertTrue(context.isProven() && !context.rememberable());
    }

    @Test
    void rulesThatTieSamplesTogetherAreRefusedWithTheRuleNamed() {
        Map<String, String> refused = pairs(
                rule("count", "$n : Number( ) from accumulate( SampleFact( ), count( 1 ) )",
                        "insert( new BatchAction( BatchAction.Kind.BLOCK, \"n\", \"r\" ) );"), "from accumulate, collect",
                rule("pair", "$s : SampleFact( )\n$t : SampleFact( promptId == $s.promptId )", ROUTE), "two samples",
                rule("unjoined", "$s : SampleFact( )\n$r : Route( term == \"t\" )", "$r.scale( 2.0, \"r\" );"), "not joined",
                rule("group", "$s : SampleFact( )", ROUTE).replace("when", "activation-group \"g\"\nwhen"), "activation-group",
                rule("other fact", "$s : SampleFact( )", "insert( new BatchAction( BatchAction.Kind.BLOCK, \"b\", \"r\" ) );"), "insert",
                rule("modify", "$s : SampleFact( )\n$r : Route( sampleId == $s.id )", "modify( $r ) { };"), "modify",
                rule("unknown call", "$s : SampleFact( )", "Counter.count( $s.getDomain() );"), "count",
                rule("none", "$s : SampleFact( )\nnot Route( sampleId == $s.id )", ROUTE), "not, exists",
                rule("fixed id", "CheckOutcome( )", "insert( new Route( \"s-1\", \"t\", 1.0, \"r\" ) );"), "without matching a sample",
                rule("objects", "$n : Number( intValue > 100 ) from accumulate( Object( ), count( 1 ) )",
                        "insert( new BatchAction( BatchAction.Kind.BLOCK, \"n\", \"r\" ) );"), "type Object, which could be samples",
                rule("comment in a string", "$s : SampleFact( verdict == Verdict.ARTIFACT )",
                        "String u = \"http://x\"; insert( new BatchAction( BatchAction.Kind.BLOCK, \"w\", \"r\" ) );"), "insert",
                "query wrong() $s : SampleFact( verdict == Verdict.ARTIFACT ) end\n"
                        + rule("calls it", "?wrong( )", "insert( new BatchAction( BatchAction.Kind.BLOCK, \"w\", \"r\" ) );"),
                        "query \"wrong\": it matches samples",
                rule("stateful condition", "$s : SampleFact( first( promptId ) )", ROUTE), "condition calls first",
                rule("enabled", "$s : SampleFact( )", ROUTE).replace("when", "enabled ( 1 > 0 )\nwhen"), "enabled",
                rule("not an object", "not java.io.Serializable( )",
                        "insert( new BatchAction( BatchAction.Kind.BLOCK, \"n\", \"r\" ) );"), "type Serializable");
        refused.forEach((rules, why) -> {
            SampleIndependence a = analyse(rules);
            assertFalse(a.isProven(), rules);
            assertTrue(a.reason().contains(why) && a.reason().startsWith("p.drl, "), a.reason());
        });
        SampleIndependence global = analyse("global java.util.List seen;\n"
                + rule("global", "$s : SampleFact( )", "seen.add( $s.getId() );"));
        assertTrue(global.reason().contains("seen"), global.reason());
    }

    /**
     * Many random batches through a policy with every kind of rule the analysis accepts, folded and
     * whole: the same routes for every sample, weight, rule trail and steps alike.
     */
    @Test
    void aFoldedSessionDecidesWhatTheWholeSessionDecides(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.drl"), HEAD
                + rule("math", "$s : SampleFact( domain == \"math\", hasReference )", ROUTE)
                + rule("chat", "$s : SampleFact( domain == \"chat\" )",
                        "insert( new Route( $s.getId(), \"a\", 1.0, drools.getRule().getName() ) );")
                + rule("long", "$s : SampleFact( completionLengthChars > 12 )",
                        "insert( new Route( $s.getId(), \"t\", $s.getCompletionLengthChars() / 10.0, drools.getRule().getName() ) );")
                + rule("synthetic", "$s : SampleFact( source == \"synthetic\" )\n$r : Route( sampleId == $s.id, term == \"t\" )",
                        "$r.scale( 0.5, drools.getRule().getName() );")
                + rule("artifact", "$s : SampleFact( verdict == Verdict.ARTIFACT )\n$r : Route( sampleId == $s.id )",
                        "$r.reweight( 0.0, drools.getRule().getName() );")
                + rule("big batch", "BatchContext( size > 100 )\n$r : Route( term == \"a\" )",
                        "$r.scale( 3.0, drools.getRule().getName() );"));
        CompiledPolicy folded = new PolicyCompiler().compile(dir);
        assertTrue(folded.independence().isProven(), folded.independence().reason());
        assertEquals(List.of("completionLengthChars", "domain", "hasReference", "source", "verdict"),
                folded.independence().reads());
        CompiledPolicy whole = folded.wholeSessions();
        Random random = null;
        String[] domains = {"math", "chat", "qa"};
        String[] sources = {"dataset", "synthetic"};
        Verdict[] verdicts = {null, Verdict.GENUINE, Verdict.ARTIFACT};
        long firedFolded = 0;
        long firedWhole = 0;
        for (int batch = 0; batch < 200; batch++) {
            if (batch % 40 == 0) {
                random = new Random(batch / 40 + 1); // a seed per block of batches
            }
            int n = 1 + random.nextInt(300);
            List<Object> facts = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "b" + batch + "-" + i;
                Sample s = TestSamples.shape(id, "p" + i / 8, domains[random.nextInt(3)], sources[random.nextInt(2)])
                        .reference(random.nextBoolean() ? "4" : null)
                        .completion("x".repeat(10 + random.nextInt(4))).build();
                facts.add(new SampleFact(s, verdicts[random.nextInt(3)], List.of()));
                ids.add(id);
            }
            facts.add(new BatchContext(batch, n, (n + 7) / 8, Set.of("t", "a")));
            PolicyDecision f = folded.decide(facts);
            PolicyDecision w = whole.decide(facts);
            firedFolded += f.rulesFired();
            firedWhole += w.rulesFired();
            for (String id : ids) {
                assertEquals(describe(w.routesOf(id)), describe(f.routesOf(id)), id);
            }
        }
        assertTrue(firedFolded < firedWhole, "folded sessions fired " + firedFolded + " rules, whole ones " + firedWhole);
    }

    /** Rules text to the words the refusal must contain, in order. */
    private static Map<String, String> pairs(String... rulesAndWhy) {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rulesAndWhy.length; i += 2) {
            pairs.put(rulesAndWhy[i], rulesAndWhy[i + 1]);
        }
        return pairs;
    }

    private static List<String> describe(List<Route> routes) {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            assertNotNull(r.getSampleId());
            out.add(r.getSampleId() + " " + r.getTerm() + " " + Double.doubleToLongBits(r.getWeight()) + " " + r.getSteps());
        }
        out.sort(null);
        return out;
    }
}
