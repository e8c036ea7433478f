package dev.rewire.framework.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightStepTest {

    @Test
    void aRouteRecordsEachRuleAndWhatItDidToTheWeight() {
        Route r = new Route("s", "exact_match", 1.0, "math: answer checked against the reference");
        r.scale(0.5, "source: synthetic references count half");
        r.reweight(0.3, "operator: pin");
        assertEquals(0.3, r.getWeight());
        assertEquals(List.of("math: answer checked against the reference =1.0",
                "source: synthetic references count half x0.5", "operator: pin =0.3"),
                r.getSteps().stream().map(WeightStep::toString).toList());
    }

    @Test
    void theTextReadsBack() {
        for (WeightStep step : List.of(WeightStep.set("a rule with spaces", 0.25), WeightStep.scale("x", 1.5),
                WeightStep.scale("calibration failed last batch: raise the Brier weight", 1e-7))) {
            assertEquals(step, WeightStep.parse(step.toString()));
        }
        assertThrows(IllegalArgumentException.class, () -> WeightStep.parse("no operator"));
        assertThrows(IllegalArgumentException.class, () -> WeightStep.parse("rule xabc"));
    }
}
