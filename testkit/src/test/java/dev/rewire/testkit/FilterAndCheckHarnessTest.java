package dev.rewire.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.ReportPlan;
import dev.rewire.framework.spi.ScoredBatch;
import dev.rewire.framework.spi.ScoredSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterAndCheckHarnessTest {

    /** Calls every signal of the batch noise, or answers what it is told to. */
    record Filter(List<FilterEvidence> answer, boolean lie) implements AnnotationFilter {
        @Override
        public String id() {
            return "f";
        }

        @Override
        public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
            if (answer != null || !lie) {
                return answer;
            }
            return List.of(new FilterEvidence("elsewhere", "f", Verdict.ARTIFACT, List.of("made up"), Map.of()));
        }
    }

    @Test
    void aFiltersEvidenceIsReturnedAndItsContractChecked() {
        List<PreferenceSignal> signals = List.of(TestSamples.chat("s1").build());
        FilterEvidence found = new FilterEvidence("s1", "f", Verdict.ARTIFACT, List.of("flip"), Map.of("stability", 0.2));
        assertEquals(List.of(found), FilterHarness.of(new Filter(List.of(found), false)).assess(signals));
        assertEquals("filter f: error: the filter returned null", assertThrows(AssertionError.class,
                () -> FilterHarness.of(new Filter(null, false)).assess(signals)).getMessage());
        assertEquals("filter f: evidence about elsewhere, which is not a signal of the batch",
                assertThrows(AssertionError.class, () -> FilterHarness.of(new Filter(null, true)).assess(signals))
                        .getMessage());
    }

    /** Fails when the mean reward of the batch is below 0.5; throws on an empty batch. */
    static final BatchCheck MEAN = new BatchCheck() {
        @Override
        public String id() {
            return "mean";
        }

        @Override
        public CheckResult check(ScoredBatch batch) {
            double mean = batch.samples().stream().mapToDouble(ScoredSample::reward).average().orElseThrow();
            return new CheckResult(id(), mean < 0.5 ? CheckStatus.FAIL : CheckStatus.PASS, Map.of("mean", mean), "m");
        }
    };

    @Test
    void aCheckSeesTheBatchAsTheHostBuildsIt() {
        ScoredBatch batch = CheckHarness.batch().index(3)
                .add(TestSamples.qa("s1").completion("<answer>Paris</answer>").reference("Paris").build(), 1.0, 0.5)
                .add(TestSamples.qa("s2").completion("<answer>Rome</answer>").reference("Paris").build(), 0.0, -0.5)
                .build();
        assertEquals(3, batch.index());
        assertEquals(Boolean.TRUE, batch.samples().get(0).observed().correct());
        assertEquals(Boolean.FALSE, batch.samples().get(1).observed().correct());
        CheckResult r = CheckHarness.of(MEAN).check(batch);
        assertEquals(CheckStatus.PASS, r.status());
        assertEquals(0.5, r.metrics().get("mean"));
        AssertionError e = assertThrows(AssertionError.class, () -> CheckHarness.of(MEAN).check(CheckHarness.batch().build()));
        assertEquals("check mean: error: java.util.NoSuchElementException: No value present", e.getMessage());
    }

    @Test
    void aReportPlanIsHeldToTheResultItDescribes() {
        ScoredBatch whole = CheckHarness.batch().wholeRun()
                .add(TestSamples.qa("s1").completion("<answer>Paris</answer>").reference("Paris").build(), 1.0, 0.5).build();
        assertEquals(true, whole.isWholeRun());
        CheckResult r = CheckHarness.of(MEAN).check(whole);
        assertEquals(ReportPlan.NONE, CheckHarness.of(MEAN).reportPlan(r));
        BatchCheck declaring = new BatchCheck() {
            @Override
            public String id() {
                return "mean";
            }

            @Override
            public CheckResult check(ScoredBatch batch) {
                return MEAN.check(batch);
            }

            @Override
            public ReportPlan reportPlan() {
                return ReportPlan.builder().trend("mean", "mean reward", ReportPlan.Direction.HIGHER_IS_BETTER, null, null)
                        .trend("median", "median reward", ReportPlan.Direction.HIGHER_IS_BETTER, null, null).build();
            }
        };
        AssertionError e = assertThrows(AssertionError.class, () -> CheckHarness.of(declaring).reportPlan(r));
        assertEquals("check mean: declared metric median is not in [mean] ==> expected: <true> but was: <false>",
                e.getMessage());
    }
}
