package dev.rewire.bundles.check.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.rewire.framework.model.Observation;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ReportPlan;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The calibration check declares what a report draws for it, with this instance's grading lines. */
class CalibrationReportPlanTest {

    @Test
    void itDeclaresTrendsComparisonsTheEceRiseTheDomainBarsAndTheReliabilityTable() {
        ReportPlan p = new CalibrationCheckService(10, Binning.NUMPY, 0.12, 0.3).reportPlan();
        assertEquals(List.of(
                new ReportPlan.Metric("ece", "ECE", ReportPlan.Direction.LOWER_IS_BETTER, 0.12, 0.3, true),
                new ReportPlan.Metric("brier", "Brier score", ReportPlan.Direction.LOWER_IS_BETTER, null, null, true),
                new ReportPlan.Metric("auroc", "AUROC", ReportPlan.Direction.HIGHER_IS_BETTER, null, null, false)),
                p.metrics());
        assertEquals(List.of(new ReportPlan.Regression("calibration", "ece", 0.05, null, 4)), p.regressions());
        assertEquals(List.of(new ReportPlan.Breakdown("by_domain", "domain", "ece", "ECE")), p.breakdowns());
        assertEquals("bins", p.reliabilityDetails());
    }

    /** Every key the plan names is in the check's result, shaped as the plan says. */
    @Test
    void theDeclaredKeysAreInItsResults() {
        CalibrationCheckService check = new CalibrationCheckService(10, Binning.NUMPY, 0.1, 0.2);
        List<ScoredSample> samples = List.of(
                new ScoredSample("a", "p", new Observation("math", "t", 5, 0.9, true, null), Map.of(), 1, 0),
                new ScoredSample("b", "p", new Observation("qa", "t", 5, 0.2, false, null), Map.of(), 0, 0));
        CheckResult r = check.check(new ScoredBatch(0, samples));
        ReportPlan p = dev.rewire.testkit.CheckHarness.of(check).reportPlan(r);
        p.metrics().forEach(m -> assertInstanceOf(Double.class, r.metrics().get(m.key()), m.key()));
        Map<?, ?> byDomain = assertInstanceOf(Map.class, r.details().get(p.breakdowns().get(0).detailsKey()));
        assertEquals(List.of("math", "qa"), List.copyOf(byDomain.keySet()));
        assertInstanceOf(Double.class, ((Map<?, ?>) byDomain.get("math")).get("ece"));
        List<?> bins = assertInstanceOf(List.class, r.details().get(p.reliabilityDetails()));
        assertEquals(Map.of("bin", 9, "count", 1, "accuracy", 1.0),
                Map.of("bin", ((Map<?, ?>) bins.get(9)).get("bin"), "count", ((Map<?, ?>) bins.get(9)).get("count"),
                        "accuracy", ((Map<?, ?>) bins.get(9)).get("accuracy")));
    }
}
