package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.testkit.Golden;
import dev.rewire.testkit.SampleFiles;
import dev.rewire.testkit.TermHarness;
import dev.rewire.testkit.TermRun;
import dev.rewire.testkit.TestSamples;
import org.junit.jupiter.api.Test;

/** The term without OSGi, called as the host calls it (one call per prompt group). */
class ${className}Test {

    @Test
    void matchesTheGoldenValuesOnTheFixture() {
        TermRun run = TermHarness.of(new ${className}()).run(SampleFiles.read(${className}Test.class, "/samples.jsonl"));
        run.assertNoErrors();
        Golden.assertMatches(${className}Test.class, "/golden.json", run, 1e-9);
    }

    @Test
    void abstainsOnAnEmptyCompletion() {
        TermRun run = TermHarness.of(new ${className}()).run(TestSamples.math("s").completion("").build());
        assertEquals("empty completion", run.abstentionReason("s"));
    }
}
