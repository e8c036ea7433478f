package dev.rewire.runtime.engine.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.SignalOutcome;
import dev.rewire.framework.record.WeightedPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {

    @TempDir
    Path dir;

    private static SignalOutcome outcome(String annotator, Verdict v) {
        return new SignalOutcome(annotator, "a", v, 1, "rule", List.of(), Map.of(), List.of());
    }

    @Test
    void perTypeAndPerDesignWithUndeterminedCountingAgainstRecall() throws Exception {
        Path truth = dir.resolve("t.jsonl");
        Files.write(truth, List.of("{\"pair\":\"p1\",\"annotator\":\"u\",\"type\":\"GENUINE\",\"design\":\"d2\"}",
                "{\"pair\":\"p1\",\"annotator\":\"v\",\"type\":\"NON_ATTITUDE\",\"design\":\"d10\"}",
                "{\"pair\":\"p2\",\"annotator\":\"u\",\"type\":\"GENUINE\",\"design\":\"d2\"}", ""));
        List<WeightedPair> pairs = List.of(
                new WeightedPair("p1", "q", "q", "x", "y", 1, 1, 0, Verdict.GENUINE, List.of(outcome("u", Verdict.GENUINE),
                        outcome("v", Verdict.GENUINE)), new Provenance(Map.of(), "", null)),
                new WeightedPair("p2", "q", "q", "x", "y", 1, 1, 0, Verdict.GENUINE, List.of(
                        outcome("u", Verdict.UNDETERMINED)), new Provenance(Map.of(), "", null)));
        Recovery r = Recovery.of(truth, pairs);
        assertEquals(3, r.compared());
        assertEquals(0.5, r.perType().get("GENUINE").get("precision"));
        assertEquals(0.5, r.perType().get("GENUINE").get("recall"));
        assertEquals(0.0, r.perType().get("NON_ATTITUDE").get("recall"));
        assertEquals(1.0, r.perType().get("UNDETERMINED").get("classified"));
        assertEquals(List.of("d2", "d10"), List.copyOf(r.byDesign().keySet()));
        assertEquals(1.0, r.byDesign().get("d2").get("GENUINE").get("precision"));
    }

    @Test
    void aBadTruthLineIsNamed() throws Exception {
        Path truth = dir.resolve("bad.jsonl");
        Files.write(truth, List.of("{\"pair\":\"p1\",\"annotator\":\"u\",\"type\":\"GENUINE\"}",
                "{\"signal\":\"p1#u\",\"type\":\"GENUINE\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recovery.of(truth, List.of()));
        assertEquals(truth + " line 2: needs a string \"pair\"", e.getMessage());
        Files.write(truth, List.of("{\"pair\":\"p1\",\"annotator\":\"u\",\"type\":\"MAYBE\"}"));
        e = assertThrows(IllegalArgumentException.class, () -> Recovery.of(truth, List.of()));
        assertEquals(truth + " line 1: type must be GENUINE, CONSTRUCTED, NON_ATTITUDE or ARTIFACT, got \"MAYBE\"",
                e.getMessage());
    }
}
