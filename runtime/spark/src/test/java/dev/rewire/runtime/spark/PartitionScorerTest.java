package dev.rewire.runtime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rewire.runtime.engine.PipelineState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A state's fingerprint must not depend on the order its maps iterate in (each JVM salts Map.copyOf's order). */
class PartitionScorerTest {

    @Test
    void theFingerprintIgnoresTheOrderOfMapsAndTheTermStatistics() {
        Map<String, Double> ab = new LinkedHashMap<>();
        ab.put("baseline_fpr", 0.25);
        ab.put("baseline_accuracy", 0.5);
        Map<String, Double> ba = new LinkedHashMap<>();
        ba.put("baseline_accuracy", 0.5);
        ba.put("baseline_fpr", 0.25);
        Map<String, Map<String, Double>> checks1 = new LinkedHashMap<>();
        checks1.put("sophistry", ab);
        checks1.put("calibration", Map.of("n", 3.0));
        Map<String, Map<String, Double>> checks2 = new LinkedHashMap<>();
        checks2.put("calibration", Map.of("n", 3.0));
        checks2.put("sophistry", ba);
        PipelineState one = new PipelineState(List.of(), checks1, Map.of("length_penalty", Map.of("n", 10.0)));
        PipelineState two = new PipelineState(List.of(), checks2, Map.of());
        assertEquals(PartitionScorer.fingerprint(one), PartitionScorer.fingerprint(two));
        ba.put("baseline_fpr", 0.26);
        assertNotEquals(PartitionScorer.fingerprint(one), PartitionScorer.fingerprint(two));
    }
}
