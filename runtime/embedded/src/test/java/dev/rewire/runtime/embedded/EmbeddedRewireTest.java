package dev.rewire.runtime.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.testkit.TestSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRewireTest {

    private static final Path DIST = Path.of(System.getProperty("rewire.dist"));

    @Test
    void scoresThroughTheRealHostWithItsBuiltInBundlesAndPolicy(@TempDir Path dir) throws Exception {
        Path rule = dir.resolve("double-math.drl");
        Files.writeString(rule, """
                package rewire.test;
                import dev.rewire.framework.policy.SampleFact;
                import dev.rewire.framework.policy.Route;
                rule "test: math answers count double"
                when
                    $s : SampleFact( domain == "math" )
                    $r : Route( sampleId == $s.id, term == "exact_match" )
                then
                    $r.scale( 2.0, drools.getRule().getName() );
                end
                """);
        try (EmbeddedRewire rewire = EmbeddedRewire.builder().home(DIST).rule(rule).start()) {
            List<RewardRecord> records = rewire.score(List.of(
                    TestSamples.math("right", "p1").completion("\\boxed{4}").reference("4").build(),
                    TestSamples.chat("other", "p2").build(),
                    TestSamples.math("wrong", "p1").completion("\\boxed{5}").reference("4").build()));
            assertEquals(List.of("right", "wrong", "other"), records.stream().map(RewardRecord::id).toList());
            assertEquals(1.0, records.get(0).terms().get("exact_match").value());
            assertEquals(2.0, records.get(0).terms().get("exact_match").weight());
            assertEquals(0.0, records.get(1).terms().get("exact_match").value());
            assertTrue(records.get(0).rules().contains("test: math answers count double"), records.get(0).rules().toString());
            assertEquals("0.1.0", records.get(0).provenance().bundles().get("dev.rewire.terms.answer"),
                    records.get(0).provenance().bundles().toString());
            assertEquals("0.1.0", rewire.bundles().get("dev.rewire.terms.answer"));
        }
    }

    @Test
    void aJarThatIsNotABundleIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
        }
        try (EmbeddedRewire rewire = EmbeddedRewire.builder().home(DIST).start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rewire.deploy(jar));
            assertEquals(jar + " is not an OSGi bundle: no Bundle-SymbolicName in its manifest", e.getMessage());
        }
    }

    @Test
    void aFolderThatIsNotADistributionIsRefusedNamingWhatIsMissing(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EmbeddedRewire.builder().home(dir).start());
        assertEquals("home(...) = " + dir + " is not a Rewire distribution: it has no system/ folder", e.getMessage());
    }
}
