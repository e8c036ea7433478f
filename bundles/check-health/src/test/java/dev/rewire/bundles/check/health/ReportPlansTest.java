package dev.rewire.bundles.check.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Observation;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ReportPlan;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the health checks declare for a report, and the sophistry check's whole-run call. */
class ReportPlansTest {

    @Test
    void sophistryDeclaresItsTrendAndTheRiseItFailsOnWithItsOwnAllowance() {
        ReportPlan p = new SophistryCheck(-1, -1, 0.15, 10, 1.96, 3).reportPlan();
        assertEquals(List.of(new ReportPlan.Metric("false_positive_rate", "P(approved | wrong)",
                        ReportPlan.Direction.LOWER_IS_BETTER, null, null, true),
                new ReportPlan.Metric("accuracy", "accuracy", ReportPlan.Direction.HIGHER_IS_BETTER, null, null, false)),
                p.metrics());
        assertEquals(List.of(new ReportPlan.Regression("U-Sophistry", "false_positive_rate", 0.15, "accuracy", 3)),
                p.regressions(), "the configured max_fpr_rise, not a copy of its default");
        assertEquals(List.of(), p.breakdowns());
    }

    @Test
    void lengthBiasDeclaresItsConfiguredLinesOnBothSidesOfZero() {
        ReportPlan p = new LengthBiasCheck(0.25, 0.5).reportPlan();
        assertEquals(List.of(new ReportPlan.Metric("spearman", "Spearman(reward, length)",
                ReportPlan.Direction.NEAR_ZERO_IS_BETTER, 0.25, 0.5, true)), p.metrics());
    }

    @Test
    void termHealthDeclaresNothing() {
        assertEquals(ReportPlan.NONE, new TermHealthCheck(0.9).reportPlan());
    }

    private static ScoredBatch batch(long index, int wrong, int approvedWrong) {
        List<ScoredSample> samples = new ArrayList<>();
        for (int i = 0; i < wrong; i++) {
            samples.add(new ScoredSample("w" + i, "p", new Observation("chat", "t", 10, null, false, i < approvedWrong),
                    Map.of(), 0, 0));
            samples.add(new ScoredSample("r" + i, "p", new Observation("chat", "t", 10, null, true, true), Map.of(), 0, 0));
        }
        return new ScoredBatch(index, samples);
    }

    /**
     * The whole run holds the baseline's batches: pooling it would count them twice. While the
     * baseline is measured it passes with its numbers and leaves the baseline as it was.
     */
    @Test
    void theWholeRunCallIsNotPooledIntoTheBaseline() {
        SophistryCheck check = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 3);
        check.check(batch(0, 50, 10));
        Map<String, Double> before = check.state();
        CheckResult whole = check.check(ScoredBatch.ofWholeRun(batch(0, 50, 10).samples()));
        assertEquals(CheckStatus.PASS, whole.status());
        assertEquals("P(approved | wrong) 0.200, accuracy 0.500 over 100 samples (the whole run; the baseline is still "
                + "being measured: 1 of 3 batches)", whole.message());
        assertEquals(before, check.state(), "the baseline is untouched");
        assertEquals(1.0, check.state().get("seen_batches"));
    }

    @Test
    void theWholeRunIsGradedAgainstACompleteBaseline() {
        SophistryCheck check = new SophistryCheck(-1, -1, 0.10, 10, 1.96, 1);
        check.check(batch(0, 50, 10));
        CheckResult whole = check.check(ScoredBatch.ofWholeRun(batch(0, 50, 25).samples()));
        assertEquals(CheckStatus.FAIL, whole.status(), whole.message());
    }
}
