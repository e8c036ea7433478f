package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.embedded.EmbeddedRewire;
import dev.rewire.testkit.SampleFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged bundle inside a real Rewire host (Felix, the built-in bundles, the default policy
 * plus src/test/policy): needs REWIRE_HOME, the distribution folder ./rewire runs from.
 */
class ${className}IT {

    private static final String BUNDLE = System.getProperty("bundle.symbolicName");

    @Test
    void theBundleScoresInsideTheHost() {
        try (EmbeddedRewire rewire = EmbeddedRewire.builder()
                .bundle(Path.of(System.getProperty("bundle.jar")))
                .rule(Path.of("src/test/policy/route-${termId}.drl"))
                .start()) {
            List<RewardRecord> records = rewire.score(SampleFiles.read(${className}IT.class, "/samples.jsonl"));
            RewardRecord boxed = records.stream().filter(r -> r.id().equals("boxed")).findFirst().orElseThrow();
            assertEquals(1.0, boxed.terms().get("${termId}").value());
            assertEquals(rewire.bundles().get(BUNDLE), boxed.provenance().bundles().get(BUNDLE));
        }
    }
}
