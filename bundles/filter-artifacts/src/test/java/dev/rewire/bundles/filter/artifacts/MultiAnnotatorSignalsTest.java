package dev.rewire.bundles.filter.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sample carries every annotator's judgments of it (the example's 827 judged samples each hold
 * three annotators): the position and speed filters judge each annotator's judgments, not only
 * the first annotator's, and not all of them pooled; the signal is an artifact when those found
 * out gave at least half of its judgments.
 */
class MultiAnnotatorSignalsTest {

    private static Judgment approval(String annotator, String pick, int round, long ms) {
        return new Judgment(annotator, pick, round, null, null, ms);
    }

    /** {@code n} pairs, shown ab and ba in turn, each judged as {@code judged} says for its index and shown order. */
    private static List<PreferencePair> pairs(int n, java.util.function.BiFunction<Integer, String, List<Judgment>> judged) {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String order = i % 2 == 0 ? "ab" : "ba";
            pairs.add(new PreferencePair("q" + i, "x" + i, "?", "A", "B", "chat", judged.apply(i, order)));
        }
        return pairs;
    }

    private static Sample sample(String id, Judgment... js) {
        return Sample.builder(id, "p").domain("chat").judgments(List.of(js)).build();
    }

    /** A median over all four judgments (4700 ms) hid the annotator who gave two of them in 1.2 and 1.4 s. */
    @Test
    void aSpeedingAnnotatorWhoIsNotTheFirstMakesTheSampleAnArtifact() {
        Sample s = sample("s-1", approval("slow", "approve", 1, 9000), approval("fast", "reject", 1, 1200),
                approval("careful", "approve", 1, 8000), approval("fast", "reject", 2, 1400));
        List<FilterEvidence> e = new SpeedFilter(2000, 20).assess(List.of(s));
        assertEquals(1, e.size());
        FilterEvidence f = e.get(0);
        assertEquals("s-1", f.signalId());
        assertEquals(Verdict.ARTIFACT, f.verdict());
        assertEquals(List.of("fast: median 1300 ms per judgment < 2000 ms floor"), f.reasons());
        assertEquals(1300.0, f.metrics().get("median_time_ms"), "the fastest annotator's median");
        assertEquals(0.0, f.metrics().get("longest_position_run"));
        assertEquals(3.0, f.metrics().get("annotators"));
        assertEquals(1.0, f.metrics().get("artifact_annotators"));
    }

    /** One hasty judgment of three is named, and the signal stands: most of it was given with care. */
    @Test
    void aSpeedingMinorityIsNamedButTheSignalStands() {
        Sample s = sample("s-5", approval("slow", "approve", 1, 9000), approval("fast", "reject", 1, 1200),
                approval("careful", "approve", 1, 8000));
        FilterEvidence f = new SpeedFilter(2000, 20).assess(List.of(s)).get(0);
        assertEquals(Verdict.GENUINE, f.verdict());
        assertEquals(List.of("slow: median 9000 ms per judgment", "careful: median 8000 ms per judgment",
                "fast: median 1200 ms per judgment < 2000 ms floor",
                "1 of 3 judgments by annotators who sped or straight-lined: most of the signal stands"), f.reasons());
        assertEquals(1200.0, f.metrics().get("median_time_ms"));
        assertEquals(1.0, f.metrics().get("artifact_annotators"));
    }

    @Test
    void everyAnnotatorCarefulIsGenuineWithAReasonEach() {
        Sample s = sample("s-2", approval("a", "approve", 1, 3000), approval("b", "approve", 1, 5000),
                approval("a", "approve", 2, 4000));
        FilterEvidence f = new SpeedFilter(2000, 20).assess(List.of(s)).get(0);
        assertEquals(Verdict.GENUINE, f.verdict());
        assertEquals(List.of("a: median 3500 ms per judgment", "b: median 5000 ms per judgment"), f.reasons());
        assertEquals(3500.0, f.metrics().get("median_time_ms"));
        assertEquals(0.0, f.metrics().get("artifact_annotators"));
    }

    /** The pairs' one-annotator signals read as before: no annotator prefix, no extra metrics. */
    @Test
    void aOneAnnotatorSignalReadsAsBefore() {
        Sample s = sample("s-3", approval("a", "approve", 1, 900), approval("a", "approve", 2, 1100));
        FilterEvidence f = new SpeedFilter(2000, 20).assess(List.of(s)).get(0);
        assertEquals(List.of("median 1000 ms per judgment < 2000 ms floor"), f.reasons());
        assertEquals(2, f.metrics().size(), f.metrics().toString());
    }

    /**
     * A straight-liner judging second on multi-annotator pairs: twelve pairs, each judged by a fair
     * annotator first and the liner second; the liner's run of 12 first-shown picks is found.
     */
    @Test
    void aStraightLinerWhoIsNotTheFirstAnnotatorIsFound() {
        List<PreferencePair> pairs = pairs(12, (i, order) -> List.of(
                new Judgment("fair", i % 3 == 0 ? "b" : "a", 1, order, null, 5000L),
                new Judgment("liner", order.substring(0, 1), 1, order, null, 5000L)));
        FilterEvidence last = new SpeedFilter(2000, 12).assess(pairs).get(11);
        assertEquals(Verdict.ARTIFACT, last.verdict());
        assertEquals(List.of("liner chose the same screen position 12 times in a row"), last.reasons());
        assertEquals(12.0, last.metrics().get("longest_position_run"));
    }

    /**
     * Twenty pairs judged by a fair annotator first and a lefty second (always the first shown):
     * the lefty's habit makes each pair an artifact, and the hypothesis predicts the lefty's picks
     * only.
     */
    @Test
    void aPositionHabitOfTheSecondAnnotatorIsFoundAndPredictedForTheirJudgmentsOnly() {
        List<PreferencePair> pairs = pairs(20, (i, order) -> List.of(
                new Judgment("fair", "a", 1, order, null, 5000L),
                new Judgment("lefty", order.substring(0, 1), 1, order, null, 5000L)));
        List<FilterEvidence> e = new PositionFilter(10, 0.001, 0.05).assess(pairs);
        assertEquals(20, e.size());
        FilterEvidence q1 = e.get(1);
        assertEquals("q1", q1.signalId());
        assertEquals(Verdict.ARTIFACT, q1.verdict());
        assertEquals(List.of("lefty picked the first-shown response in 100% of 20 choices (chance 50%, p 1.9e-06), "
                + "under every framing"), q1.reasons());
        assertEquals(Arrays.asList(null, "b"), q1.hypothesis().picks(), "shown ba: the lefty picks b; the fair one unpredicted");
        assertEquals(1.0, q1.metrics().get("first_shown_share"), "the lefty's numbers");
        assertEquals(2.0, q1.metrics().get("annotators"));
        assertEquals(1.0, q1.metrics().get("artifact_annotators"));
    }

    /** Pairs judged by two fair annotators and a lefty: the lefty's third of the judgments is named, the pair stands. */
    @Test
    void aPositionHabitOfAMinorityIsNamedButTheSignalStands() {
        List<PreferencePair> pairs = pairs(20, (i, order) -> List.of(
                new Judgment("u", "a", 1, order, null, 5000L), new Judgment("v", "b", 1, order, null, 5000L),
                new Judgment("lefty", order.substring(0, 1), 1, order, null, 5000L)));
        FilterEvidence f = new PositionFilter(10, 0.001, 0.05).assess(pairs).get(0);
        assertEquals(Verdict.GENUINE, f.verdict());
        assertEquals(List.of("u: no position habit: 50% first-shown of 20 choices (p 1.0)",
                "v: no position habit: 50% first-shown of 20 choices (p 1.0)",
                "lefty picked the first-shown response in 100% of 20 choices (chance 50%, p 1.9e-06), under every framing",
                "1 of 3 judgments by annotators with a position habit: most of the signal stands"), f.reasons());
        assertNull(f.hypothesis());
        assertEquals(1.0, f.metrics().get("first_shown_share"), "the numbers of the annotator with the habit");
    }

    @Test
    void noHabitAmongSeveralAnnotatorsIsGenuineNamingEach() {
        List<PreferencePair> pairs = pairs(20, (i, order) -> List.of(
                new Judgment("u", "a", 1, order, null, 5000L), new Judgment("v", "b", 1, order, null, 5000L)));
        FilterEvidence f = new PositionFilter(10, 0.001, 0.05).assess(pairs).get(0);
        assertEquals(Verdict.GENUINE, f.verdict());
        assertEquals(List.of("u: no position habit: 50% first-shown of 20 choices (p 1.0)",
                "v: no position habit: 50% first-shown of 20 choices (p 1.0)"), f.reasons());
        assertNull(f.hypothesis());
    }

    /** Approvals have no screen position: the position filter says nothing of a sample. */
    @Test
    void approvalsGiveThePositionFilterNothing() {
        Sample s = sample("s-4", approval("a", "approve", 1, 3000), approval("b", "reject", 1, 3000));
        assertEquals(List.of(), new PositionFilter(1, 0.001, 0.05).assess(List.of(s)));
    }
}
