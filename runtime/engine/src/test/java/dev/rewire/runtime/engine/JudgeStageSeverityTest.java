package dev.rewire.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sample's verdict is the most severe its filters found, in the one order on {@link Verdict}. */
class JudgeStageSeverityTest {

    private static FilterStage.Assessed said(String filter, Verdict v) {
        return new FilterStage.Assessed(new FilterEvidence("s1", filter, v, List.of(v.name().toLowerCase(java.util.Locale.ROOT)), Map.of()),
                "dev.rewire." + filter, "1.0.0");
    }

    @Test
    void undeterminedRanksBetweenConstructedAndGenuine() {
        // UNDETERMINED was missing from the stage's own list and so outranked everything
        assertEquals(Verdict.CONSTRUCTED, JudgeStage.combine(List.of(said("a", Verdict.UNDETERMINED),
                said("b", Verdict.CONSTRUCTED))).of("s1").verdict());
        assertEquals(Verdict.CONSTRUCTED, JudgeStage.combine(List.of(said("b", Verdict.CONSTRUCTED),
                said("a", Verdict.UNDETERMINED))).of("s1").verdict());
        assertEquals(Verdict.UNDETERMINED, JudgeStage.combine(List.of(said("a", Verdict.GENUINE),
                said("b", Verdict.UNDETERMINED))).of("s1").verdict());
    }

    @Test
    void theMostSevereWinsAndReasonsAccumulate() {
        JudgeStage.Judged j = JudgeStage.combine(List.of(said("retest", Verdict.NON_ATTITUDE), said("speed", Verdict.ARTIFACT),
                said("framing", Verdict.GENUINE))).of("s1");
        assertEquals(Verdict.ARTIFACT, j.verdict());
        assertEquals(List.of("retest: non_attitude", "speed: artifact", "framing: genuine"), j.reasons());
    }
}
