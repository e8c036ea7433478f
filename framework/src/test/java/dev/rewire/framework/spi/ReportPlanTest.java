package dev.rewire.framework.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPlanTest {

    @Test
    void aCheckDeclaresNothingByDefault() {
        BatchCheck plain = new BatchCheck() {
            @Override
            public String id() {
                return "plain";
            }

            @Override
            public CheckResult check(ScoredBatch batch) {
                return new CheckResult(id(), CheckStatus.PASS, Map.of(), "ok");
            }
        };
        assertEquals(ReportPlan.NONE, plain.reportPlan());
    }

    @Test
    void theBuilderKeepsOrderAndFindsMetricsByKey() {
        ReportPlan p = ReportPlan.builder().trend("ece", "ECE", ReportPlan.Direction.LOWER_IS_BETTER, 0.1, 0.2)
                .compare("auroc", "AUROC", ReportPlan.Direction.HIGHER_IS_BETTER)
                .regression("calibration", "ece", 0.05, "auroc", 4).breakdown("by_domain", "domain", "ece", "ECE")
                .reliability("bins").build();
        assertEquals(List.of("ece", "auroc"), p.metrics().stream().map(ReportPlan.Metric::key).toList());
        assertEquals(0.2, p.metric("ece").fail());
        assertEquals(false, p.metric("auroc").trended());
        assertNull(p.metric("brier"));
        assertEquals("bins", p.reliabilityDetails());
    }

    @Test
    void aRegressionNamesOnlyDeclaredMetrics() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportPlan.builder()
                .trend("ece", "ECE", ReportPlan.Direction.LOWER_IS_BETTER, null, null)
                .regression("calibration", "ece", 0.05, "accuracy", 4).build());
        assertEquals("a regression names only declared metrics: Regression[name=calibration, metric=ece, allowance=0.05, "
                + "unlessImproved=accuracy, decimals=4]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReportPlan.Regression("x", "ece", -1, null, 3));
    }
}
