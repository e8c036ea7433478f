package dev.rewire.framework.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictSeverityTest {

    @Test
    void oneOrderMostSevereFirstWithUndeterminedBetweenConstructedAndGenuine() {
        List<Verdict> all = new ArrayList<>(Arrays.asList(Verdict.values()));
        all.sort(Verdict.MOST_SEVERE_FIRST);
        assertEquals(List.of(Verdict.ARTIFACT, Verdict.NON_ATTITUDE, Verdict.CONSTRUCTED, Verdict.UNDETERMINED,
                Verdict.GENUINE), all);
    }

    @Test
    void theMoreSevereOfTwo() {
        assertEquals(Verdict.UNDETERMINED, Verdict.moreSevere(Verdict.GENUINE, Verdict.UNDETERMINED));
        assertEquals(Verdict.CONSTRUCTED, Verdict.moreSevere(Verdict.CONSTRUCTED, Verdict.UNDETERMINED),
                "UNDETERMINED is not the most severe of all (it ranked before everything where it was missing from a list)");
        assertEquals(Verdict.ARTIFACT, Verdict.moreSevere(Verdict.NON_ATTITUDE, Verdict.ARTIFACT));
        assertEquals(Verdict.GENUINE, Verdict.moreSevere(Verdict.GENUINE, Verdict.GENUINE));
    }
}
